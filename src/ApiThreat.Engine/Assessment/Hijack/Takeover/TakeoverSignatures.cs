using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ApiThreat.Engine.Assessment.Hijack.Takeover;

/// <summary>One provider's takeover signature (module/data/takeover/signatures.json).</summary>
public sealed class TakeoverSignature
{
    public string Service { get; init; } = "";
    public string[] Cname { get; init; } = Array.Empty<string>();
    public string[] Nameservers { get; init; } = Array.Empty<string>();
    public string[] Fingerprint { get; init; } = Array.Empty<string>();
    public bool Nxdomain { get; init; }
    public int? HttpStatus { get; init; }
    public string Status { get; init; } = "";
    public Confidence Confidence { get; init; } = Confidence.Potential;
    public bool RequiresDomainVerification { get; init; }
    public string Verification { get; init; } = "";

    public bool MatchesCname(string name) => Cname.Any(p => Matches(name, p));
    public bool MatchesNameServer(string name) => Nameservers.Any(p => Matches(name, p));

    private static bool Matches(string name, string pattern)
    {
        var n = name.TrimEnd('.').ToLowerInvariant();
        var p = pattern.Trim().TrimStart('*', '.').TrimEnd('.').ToLowerInvariant();
        return p.Length > 0 && (n == p || n.EndsWith("." + p, StringComparison.Ordinal) || (!p.Contains('.') && n.Contains("." + p + ".", StringComparison.Ordinal)));
    }

    public string? FingerprintIn(string body) =>
        Fingerprint.FirstOrDefault(f => f.Length > 0 && body.Contains(f, StringComparison.OrdinalIgnoreCase));
}

/// <summary>A loaded set of signatures: the bundled file plus any the user adds (their own providers, a lab).</summary>
public sealed class TakeoverSignatureSet
{
    public TakeoverSignatureSet(IReadOnlyList<TakeoverSignature> signatures, IReadOnlyList<string> versions)
    {
        Signatures = signatures;
        Versions = versions;
    }

    public IReadOnlyList<TakeoverSignature> Signatures { get; }
    /// <summary>The version (date) of each file loaded.</summary>
    public IReadOnlyList<string> Versions { get; }

    public static TakeoverSignatureSet Empty { get; } = new(Array.Empty<TakeoverSignature>(), Array.Empty<string>());

    /// <summary>Loads signature files; a malformed file is an error naming the file and the problem.</summary>
    public static TakeoverSignatureSet Load(IEnumerable<string> paths)
    {
        var all = new List<TakeoverSignature>();
        var versions = new List<string>();
        foreach (var path in paths)
        {
            JObject doc;
            try { doc = JObject.Parse(File.ReadAllText(path)); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
            { throw new InvalidDataException($"The takeover signature file '{path}' cannot be read: {ex.Message}", ex); }
            versions.Add((string?)doc["version"] ?? "undated");
            if (doc["services"] is not JArray services) throw new InvalidDataException($"The takeover signature file '{path}' has no 'services' array.");
            foreach (var s in services.OfType<JObject>())
            {
                var name = (string?)s["service"];
                if (string.IsNullOrWhiteSpace(name)) throw new InvalidDataException($"'{path}': a service entry has no 'service' name.");
                var requires = (bool?)s["requiresDomainVerification"] ?? false;
                var confidence = Enum.TryParse<Confidence>((string?)s["confidence"], true, out var c) ? c : Confidence.Potential;
                all.Add(new TakeoverSignature
                {
                    Service = name,
                    Cname = Strings(s["cname"]),
                    Nameservers = Strings(s["nameservers"]),
                    Fingerprint = Strings(s["fingerprint"]),
                    Nxdomain = (bool?)s["nxdomain"] ?? false,
                    HttpStatus = (int?)s["httpStatus"],
                    Status = (string?)s["status"] ?? "",
                    Confidence = requires ? Confidence.Unlikely : confidence,
                    RequiresDomainVerification = requires,
                    Verification = (string?)s["verification"] ?? "",
                });
            }
        }
        return new TakeoverSignatureSet(all, versions);
    }

    private static string[] Strings(JToken? token) => token switch
    {
        JArray a => a.Select(x => (string?)x ?? "").Where(x => x.Length > 0).ToArray(),
        JValue v when v.Type == JTokenType.String && ((string?)v)!.Length > 0 => new[] { (string)v! },
        _ => Array.Empty<string>(),
    };
}
