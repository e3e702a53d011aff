using System.Net;
using System.Text.RegularExpressions;

namespace ApiThreat.Engine.Net;

/// <summary>
/// The one place that reads what a host name says about the environment behind it: non-production (dev, test,
/// staging, sandbox... in the labels left of the registrable domain) and internal-only (private addresses,
/// localhost, internal top-level names, labels such as intranet or corp). API discovery flags non-production hosts
/// (ATR-INV); the spec checks flag servers of either kind (ATR-SPEC-025).
/// </summary>
public static class HostEnvironment
{
    private static readonly TimeSpan s_regexTimeout = TimeSpan.FromMilliseconds(100);

    // A word is a whole token of a label (tokens are split by - and _), optionally numbered: api-dev, dev2, staging-eu.
    private static readonly Regex s_nonProductionToken = Token(
        "dev|devel|develop|development|test|testing|tst|qa|uat|stage|staging|stg|sandbox|sbx|preprod|pre-prod|nonprod|non-prod|demo|canary|beta|int|integration");
    private static readonly Regex s_internalToken = Token("local|localhost|internal|intranet|corp|lan");

    private static readonly HashSet<string> s_internalTopLevel = new(StringComparer.Ordinal)
    {
        "local", "internal", "lan", "corp", "intranet", "localdomain", "home", "test", "example", "invalid",
    };

    private static Regex Token(string words) => new($@"(^|[-_])({words})(\d{{1,3}})?([-_]|$)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, s_regexTimeout);

    /// <summary>True when a label left of the registrable domain names a non-production environment.</summary>
    public static bool IsNonProduction(string host) => AnySubLabel(host, s_nonProductionToken);

    /// <summary>
    /// True for names and addresses that only make sense inside a network: non-public addresses, localhost, the
    /// special-use top-level names (.local, .internal, .test, ...) and labels such as internal, intranet or corp.
    /// </summary>
    public static bool IsInternal(string host)
    {
        if (string.IsNullOrEmpty(host)) return false;
        if (IPAddress.TryParse(host.Trim('[', ']'), out var ip)) return AddressClassifier.IsNonPublic(ip);
        var name = host.TrimEnd('.').ToLowerInvariant();
        if (name == "localhost") return true;
        var last = name[(name.LastIndexOf('.') + 1)..];
        return s_internalTopLevel.Contains(last) || AnySubLabel(name, s_internalToken);
    }

    /// <summary>Only the labels left of the registrable domain say what the host is (api-dev.contoso.com, staging.contoso.com).</summary>
    private static bool AnySubLabel(string host, Regex token)
    {
        if (string.IsNullOrEmpty(host) || IPAddress.TryParse(host.Trim('[', ']'), out _)) return false;
        var labels = host.TrimEnd('.').ToLowerInvariant().Split('.');
        try
        {
            for (var i = 0; i < labels.Length - 2; i++)
                if (token.IsMatch(labels[i])) return true;
        }
        catch (RegexMatchTimeoutException) { }
        return false;
    }
}
