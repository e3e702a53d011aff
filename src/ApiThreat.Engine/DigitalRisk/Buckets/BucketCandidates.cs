using System.Text.RegularExpressions;

namespace ApiThreat.Engine.DigitalRisk.Buckets;

/// <summary>One bucket (or Azure account/container) to try, and the organisation name or domain it came from.</summary>
public sealed record BucketCandidate(StorageProvider Provider, string Bucket, string? Account, string Source);

/// <summary>
/// Candidate names from an organisation's names and domains: each base (contoso; contoso.com, contoso-com for a domain)
/// alone and joined to each word (contoso-backup, contosobackup, backup-contoso), kept only when the provider's naming
/// rules allow it (S3: 3-63 lower-case letters, digits, hyphens, dots; Azure accounts: 3-24 letters and digits;
/// containers: 3-63 letters, digits, single hyphens).
/// </summary>
public static class BucketCandidates
{
    private static readonly Regex s_s3 = new(@"^(?=.{3,63}$)[a-z0-9][a-z0-9.-]*[a-z0-9]$", RegexOptions.CultureInvariant);
    private static readonly Regex s_account = new(@"^[a-z0-9]{3,24}$", RegexOptions.CultureInvariant);
    private static readonly Regex s_container = new(@"^(?=.{3,63}$)[a-z0-9](?!.*--)[a-z0-9-]*[a-z0-9]$", RegexOptions.CultureInvariant);

    /// <summary>Default Azure containers tried in each account (common public-content and backup names).</summary>
    public static readonly string[] DefaultContainers =
    {
        "public", "data", "files", "backup", "backups", "assets", "images", "media", "uploads", "logs", "static", "web", "content", "downloads",
    };

    /// <summary>Bases of one input: an organisation name as written (spaces to hyphens and to nothing), a domain's label, the domain and the domain with hyphens.</summary>
    public static IEnumerable<string> Bases(string input)
    {
        var s = input.Trim().TrimEnd('.').ToLowerInvariant();
        if (s.Length == 0) yield break;
        if (s.Contains('.') && !s.Contains(' '))
        {
            var labels = s.Split('.');
            var label = labels.Length >= 3 && labels[^2] is "co" or "com" or "org" or "net" or "ac" or "gov" or "edu" ? labels[^3] : labels[^2];
            yield return label;
            yield return s;
            yield return s.Replace('.', '-');
            yield break;
        }
        var words = Regex.Split(s, @"[^a-z0-9]+", RegexOptions.CultureInvariant).Where(w => w.Length > 0).ToArray();
        if (words.Length == 0) yield break;
        yield return string.Join('-', words);
        if (words.Length > 1) yield return string.Concat(words);
    }

    public static IEnumerable<BucketCandidate> For(string input, IReadOnlyList<string> words, IReadOnlyCollection<StorageProvider> providers,
        IReadOnlyList<string>? azureAccounts = null, IReadOnlyList<string>? containers = null, bool guessAccountsWithWords = true)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var bases = Bases(input).Distinct(StringComparer.Ordinal).ToArray();
        var names = new List<string>();
        foreach (var b in bases)
        {
            names.Add(b);
            foreach (var w in words) { names.Add($"{b}-{w}"); names.Add(b + w); names.Add($"{w}-{b}"); }
        }
        foreach (var provider in new[] { StorageProvider.S3, StorageProvider.GoogleCloudStorage })
        {
            if (!providers.Contains(provider)) continue;
            foreach (var n in names)
                if (s_s3.IsMatch(n) && !n.Contains("..", StringComparison.Ordinal) && seen.Add($"{provider}|{n}")) yield return new BucketCandidate(provider, n, null, input);
        }
        if (!providers.Contains(StorageProvider.AzureBlob)) yield break;
        var accounts = azureAccounts is { Count: > 0 }
            ? azureAccounts.Select(a => a.ToLowerInvariant())
            : bases.Select(b => new string(b.Where(char.IsAsciiLetterOrDigit).ToArray()))
                .SelectMany(b => guessAccountsWithWords ? words.Select(w => b + w).Prepend(b) : new[] { b });
        var containerNames = (containers is { Count: > 0 } ? containers : DefaultContainers.Concat(bases)).Where(c => s_container.IsMatch(c)).Distinct().ToArray();
        foreach (var account in accounts.Distinct(StringComparer.Ordinal))
        {
            if (!s_account.IsMatch(account)) continue;
            foreach (var c in containerNames)
                if (seen.Add($"azure|{account}/{c}")) yield return new BucketCandidate(StorageProvider.AzureBlob, c, account, input);
        }
    }
}
