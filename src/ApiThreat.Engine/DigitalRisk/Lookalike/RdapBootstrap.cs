using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ApiThreat.Engine.DigitalRisk.Lookalike;

/// <summary>
/// IANA's RDAP bootstrap registry for domains (RFC 9224, data.iana.org/rdap/dns.json): which RDAP base URLs serve
/// each TLD. Read strictly (a file that is not of this shape is refused with the reason), HTTPS URLs preferred.
/// </summary>
public sealed class RdapBootstrap
{
    public const string FileName = "rdap-dns.json";
    private const long MaxBytes = 4 * 1024 * 1024;
    private readonly Dictionary<string, Uri> _byTld;

    private RdapBootstrap(Dictionary<string, Uri> byTld, string publication)
    {
        _byTld = byTld;
        Publication = publication;
    }

    /// <summary>The file's publication date as written ("2021-05-11T21:00:02Z").</summary>
    public string Publication { get; }
    public int TldCount => _byTld.Count;

    /// <summary>The RDAP base URL for a domain's TLD, or null when the registry names none.</summary>
    public Uri? BaseFor(string domain)
    {
        var tld = domain.TrimEnd('.');
        tld = tld[(tld.LastIndexOf('.') + 1)..].ToLowerInvariant();
        return _byTld.GetValueOrDefault(tld);
    }

    public static RdapBootstrap Load(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"The RDAP bootstrap file '{path}' does not exist.", path);
        if (info.Length > MaxBytes) throw new InvalidDataException($"'{path}' is larger than {MaxBytes / 1024 / 1024} MB: it is not an RDAP bootstrap file.");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>True when the file looks like an RDAP bootstrap registry (a "services" array and an RDAP description or version).</summary>
    public static bool LooksLikeBootstrap(string path)
    {
        if (new FileInfo(path).Length > MaxBytes) return false;
        using var reader = new StreamReader(path);
        var head = new char[4096];
        var n = reader.Read(head, 0, head.Length);
        var text = new string(head, 0, n);
        return text.Contains("\"services\"", StringComparison.Ordinal)
            && (text.Contains("RDAP", StringComparison.OrdinalIgnoreCase) || text.Contains("\"publication\"", StringComparison.Ordinal));
    }

    public static RdapBootstrap Parse(string json, string source)
    {
        JObject root;
        try
        {
            using var reader = new JsonTextReader(new StringReader(json)) { MaxDepth = 16, DateParseHandling = DateParseHandling.None };
            root = JObject.Load(reader);
        }
        catch (JsonException ex) { throw new InvalidDataException($"{source} is not valid JSON: {ex.Message}", ex); }
        if (root["services"] is not JArray services)
            throw new InvalidDataException($"{source} has no \"services\" array: it is not an RDAP bootstrap file (RFC 9224).");
        var byTld = new Dictionary<string, Uri>(StringComparer.Ordinal);
        foreach (var service in services)
        {
            if (service is not JArray { Count: >= 2 } pair || pair[0] is not JArray tlds || pair[1] is not JArray urls)
                throw new InvalidDataException($"{source}: each service must be [[tlds...], [urls...]] (RFC 9224 section 4).");
            var uris = urls.Select(u => Uri.TryCreate(u.Type == JTokenType.String ? (string?)u : null, UriKind.Absolute, out var x) ? x : null)
                .Where(u => u is { Scheme: "https" or "http" }).Select(u => u!).ToArray();
            var best = uris.FirstOrDefault(u => u.Scheme == "https") ?? uris.FirstOrDefault();
            if (best is null) continue;
            foreach (var t in tlds)
                if (t.Type == JTokenType.String && ((string?)t) is { Length: > 0 } tld) byTld[tld.ToLowerInvariant()] = best;
        }
        if (byTld.Count == 0) throw new InvalidDataException($"{source} names no TLD with an http(s) RDAP URL.");
        return new RdapBootstrap(byTld, (string?)root["publication"] ?? "");
    }
}
