using System.Text;
using ApiThreat.Engine.Net;

namespace ApiThreat.Fuzz;

/// <summary>
/// Entry points for fuzzing the parsers we own: each takes arbitrary bytes and must either succeed or fail with the
/// parser's own "bad input" exception. Anything else escaping is a bug (the harness lets it crash the process).
/// Lives in the harness (not the instrumented engine) so nothing instrumented runs before AFL attaches.
/// </summary>
public static partial class FuzzTargets
{
    public static readonly IReadOnlyDictionary<string, Action<byte[]>> All = new Dictionary<string, Action<byte[]>>(StringComparer.OrdinalIgnoreCase)
    {
        ["dns"] = DnsResponse,
        ["target"] = Target,
        ["scope"] = Scope,
        ["csp"] = CspHeader,
        ["csp-meta"] = CspMeta,
        ["spf"] = Spf,
        ["dmarc"] = Dmarc,
        ["cookie"] = Cookie,
        ["fingerprint"] = Fingerprint,
        ["tls"] = TlsServerFlight,
        ["spec"] = Spec,
    };

    /// <summary>Targets whose one run costs milliseconds (a whole parser stack): replayed with fewer mutations.</summary>
    public static readonly IReadOnlySet<string> Slow = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "csp-meta", "fingerprint", "spec" };

    /// <summary>One input must be handled within this; longer is a finding (catastrophic backtracking, quadratic loops).</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(1);

    public static void DnsResponse(byte[] data)
    {
        if (data.Length < 2) return;
        try { DnsCodec.ParseResponse(data, (ushort)(data[0] << 8 | data[1]), "a.test", DnsClient.QueryType.A); }
        catch (DnsMalformedException) { }
    }

    public static void Target(byte[] data)
    {
        var text = Encoding.UTF8.GetString(data);
        ScanTarget.TryParse(text, out _, out _);
        ResolverEndpointSafe(text);
    }

    public static void Scope(byte[] data)
    {
        var entries = Encoding.UTF8.GetString(data).Split('\n');
        try
        {
            var guard = new ScopeGuard(entries, null);
            foreach (var e in entries) guard.IsHostInScope(e, out _);
        }
        catch (ArgumentException) { }
    }

    private static void ResolverEndpointSafe(string text)
    {
        // Host names would trigger a system DNS lookup: only fuzz the literal forms.
        if (text.Any(char.IsLetter) && !text.Contains(':')) return;
        ResolverEndpoint.TryParse(text, out _, out _);
    }
}
