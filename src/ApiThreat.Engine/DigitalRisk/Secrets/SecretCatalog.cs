using System.Text.Json;
using System.Text.RegularExpressions;
using ApiThreat.Engine.DigitalRisk.Secrets.Validation;
using ApiThreat.Engine.DigitalRisk.Secrets.Verification;
using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.DigitalRisk.Secrets;

/// <summary>
/// The detectors of the reviewed file module/data/secrets/detectors.json (embedded in the engine), loaded once per
/// process, and the keyword automaton over all their keywords. Loading checks the file as strictly as code: unique ids,
/// rules of the catalogue, lower-case keywords, patterns that compile for the linear-time engine, known validators and
/// verifiers. The bundled file's patterns are checked by the tests and built for the linear-time engine only when a
/// keyword first wakes their detector (most never wake on a given bundle; each costs milliseconds to build).
/// </summary>
public sealed class SecretCatalog
{
    public const string ResourceName = "ApiThreat.Engine.DigitalRisk.Secrets.detectors.json";
    /// <summary>A regex never runs longer than this on one window (the NonBacktracking engine is linear: a backstop).</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);
    private const RegexOptions Options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;
    private static readonly Lazy<SecretCatalog> s_bundled = new(() => Load(OpenBundled(), compilePatterns: false));

    private SecretCatalog(IReadOnlyList<SecretDetector> detectors, IReadOnlyList<SecretPairDefinition> pairs)
    {
        Detectors = detectors;
        Pairs = pairs;
        var keywords = new List<string>();
        var owners = new List<SecretDetector[]>();
        foreach (var group in detectors.SelectMany(d => d.Keywords.Select(k => (Keyword: k, Detector: d))).GroupBy(x => x.Keyword, StringComparer.Ordinal))
        {
            keywords.Add(group.Key);
            owners.Add(group.Select(x => x.Detector).ToArray());
        }
        Keywords = keywords;
        KeywordOwners = owners;
        Automaton = new AhoCorasick(keywords);
        MaxReach = detectors.Count == 0 ? 0 : detectors.Max(d => d.Lookback + d.MaxLength);
    }

    /// <summary>The module's detectors.</summary>
    public static SecretCatalog Bundled => s_bundled.Value;

    public IReadOnlyList<SecretDetector> Detectors { get; }
    public IReadOnlyList<SecretPairDefinition> Pairs { get; }
    internal IReadOnlyList<string> Keywords { get; }
    /// <summary>Keyword id → the detectors it wakes.</summary>
    internal IReadOnlyList<SecretDetector[]> KeywordOwners { get; }
    internal AhoCorasick Automaton { get; }
    /// <summary>The farthest a match can reach from the keyword that found it: the overlap between chunks.</summary>
    internal int MaxReach { get; }

    public SecretDetector? Find(string id) => Detectors.FirstOrDefault(d => d.Id == id);

    /// <summary>The same catalogue with only the named detectors (and the pairs they both belong to).</summary>
    public SecretCatalog Only(IEnumerable<string> ids)
    {
        var wanted = new HashSet<string>(ids, StringComparer.OrdinalIgnoreCase);
        foreach (var p in Pairs) if (wanted.Contains(p.Id)) { wanted.Add(p.First); wanted.Add(p.Second); }
        var unknown = wanted.Where(w => Find(w) is null && Pairs.All(p => !p.Id.Equals(w, StringComparison.OrdinalIgnoreCase))).ToList();
        if (unknown.Count > 0) throw new ArgumentException($"Unknown secret type(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", AllTypes)}.");
        return new SecretCatalog(Detectors.Where(d => wanted.Contains(d.Id)).ToList(),
            Pairs.Where(p => wanted.Contains(p.First) && wanted.Contains(p.Second)).ToList());
    }

    /// <summary>Every type a result can have: the detectors' ids and the pairs'.</summary>
    public IEnumerable<string> AllTypes => Detectors.Select(d => d.Id).Concat(Pairs.Select(p => p.Id)).Order(StringComparer.Ordinal);

    private static Stream OpenBundled() =>
        typeof(SecretCatalog).Assembly.GetManifestResourceStream(ResourceName)
        ?? throw new InvalidDataException($"The engine carries no {ResourceName} resource.");

    /// <summary>The bundled detectors file read again, every pattern built now for the linear-time engine (its check).</summary>
    public static SecretCatalog LoadBundled() => Load(OpenBundled());

    /// <summary>
    /// Reads and checks a detectors file; a mistake in it is an <see cref="InvalidDataException"/> naming the entry.
    /// With <paramref name="compilePatterns"/> false the patterns' syntax is checked now (cheaply, by the interpreter)
    /// and each is built for the linear-time engine when first used: only for a file whose patterns are known to
    /// compile there (the bundled one, which <see cref="LoadBundled"/> checks).
    /// </summary>
    public static SecretCatalog Load(Stream json, bool compilePatterns = true)
    {
        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        var detectors = new List<SecretDetector>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in doc.RootElement.GetProperty("detectors").EnumerateArray())
        {
            var id = Text(e, "id") ?? throw new InvalidDataException("A secret detector has no id.");
            if (!ids.Add(id)) throw new InvalidDataException($"Secret detector '{id}' is defined twice.");
            detectors.Add(Compile(id, e, compilePatterns));
        }
        var pairs = new List<SecretPairDefinition>();
        if (doc.RootElement.TryGetProperty("pairs", out var pairList))
            foreach (var e in pairList.EnumerateArray())
            {
                var id = Text(e, "id") ?? throw new InvalidDataException("A secret pair has no id.");
                if (!ids.Add(id)) throw new InvalidDataException($"Secret type '{id}' is defined twice.");
                var rule = RuleOf(id, e);
                var pair = new SecretPairDefinition
                {
                    Id = id, Name = Text(e, "name") ?? id, Rule = rule, Severity = SeverityOf(id, e, rule),
                    First = Text(e, "first") ?? "", Second = Text(e, "second") ?? "",
                    Distance = e.TryGetProperty("distance", out var dist) ? dist.GetInt32() : 1000,
                    Verify = Text(e, "verify"), Source = Text(e, "source") ?? "",
                };
                if (detectors.All(d => d.Id != pair.First) || detectors.All(d => d.Id != pair.Second))
                    throw new InvalidDataException($"Secret pair '{id}' names a detector that does not exist ({pair.First}, {pair.Second}).");
                if (pair.Verify is not null && !SecretVerifier.Kinds.Contains(pair.Verify))
                    throw new InvalidDataException($"Secret pair '{id}': no verifier '{pair.Verify}'.");
                pairs.Add(pair);
            }
        return new SecretCatalog(detectors, pairs);
    }

    private static SecretDetector Compile(string id, JsonElement e, bool compilePattern)
    {
        var rule = RuleOf(id, e);
        var keywords = e.TryGetProperty("keywords", out var k) ? k.EnumerateArray().Select(x => x.GetString() ?? "").ToArray() : Array.Empty<string>();
        if (keywords.Length == 0 || keywords.Any(w => w.Length < 2 || w != w.ToLowerInvariant() || w.Any(c => c >= 128)))
            throw new InvalidDataException($"Secret detector '{id}': keywords must be lower-case ASCII, at least two characters each.");
        var pattern = Text(e, "pattern") ?? throw new InvalidDataException($"Secret detector '{id}' has no pattern.");
        Regex syntax;
        Regex? built = null;
        try
        {
            // The interpreter parses in microseconds and names the same groups; the NonBacktracking build is the slow part.
            syntax = new Regex(pattern, Options & ~RegexOptions.NonBacktracking);
            if (compilePattern) built = new Regex(pattern, Options, MatchTimeout);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            throw new InvalidDataException($"Secret detector '{id}': the pattern does not compile for the linear-time engine: {ex.Message}", ex);
        }
        var validate = Text(e, "validate");
        if (validate is not null && !SecretValidators.Names.Contains(validate)) throw new InvalidDataException($"Secret detector '{id}': no validator '{validate}'.");
        var verify = Text(e, "verify");
        if (verify is not null && !SecretVerifier.Kinds.Contains(verify)) throw new InvalidDataException($"Secret detector '{id}': no verifier '{verify}'.");
        var confidence = Text(e, "confidence") is { } c
            ? Enum.TryParse<SecretConfidence>(c, ignoreCase: false, out var parsed) ? parsed : throw new InvalidDataException($"Secret detector '{id}': confidence '{c}' is not ValidatedFormat or EntropyOnly.")
            : SecretConfidence.ValidatedFormat;
        var maxLength = e.TryGetProperty("maxLength", out var m) ? m.GetInt32() : 256;
        var lookback = e.TryGetProperty("lookback", out var l) ? l.GetInt32() : 0;
        if (maxLength is < 8 or > 16384 || lookback is < 0 or > 4096) throw new InvalidDataException($"Secret detector '{id}': maxLength must be 8..16384 and lookback 0..4096.");
        var detector = new SecretDetector
        {
            Id = id,
            Name = Text(e, "name") ?? id,
            Rule = rule,
            Severity = SeverityOf(id, e, rule),
            Confidence = confidence,
            Keywords = keywords,
            CompilePattern = built is not null ? () => built : () => new Regex(pattern, Options, MatchTimeout),
            HasGroups = syntax.GetGroupNames().Length > 1,
            Lookback = lookback,
            MaxLength = maxLength,
            Boundary = CharSet(Text(e, "boundary") ?? "A-Za-z0-9", id),
            MinEntropy = e.TryGetProperty("minEntropy", out var me) ? me.GetDouble() : null,
            Validate = validate,
            Verify = verify,
            Priority = e.TryGetProperty("priority", out var p) ? p.GetInt32() : 100,
            LineStart = e.TryGetProperty("lineStart", out var ls) && ls.GetBoolean(),
            Source = Text(e, "source") ?? throw new InvalidDataException($"Secret detector '{id}' names no source for its format."),
        };
        if (built is not null) _ = detector.Pattern;
        return detector;
    }

    private static ThreatRule RuleOf(string id, JsonElement e)
    {
        var ruleId = Text(e, "rule") ?? throw new InvalidDataException($"Secret type '{id}' names no rule.");
        var rule = RuleCatalog.Find(ruleId);
        if (rule is null || !ruleId.StartsWith("ATR-SECRET-", StringComparison.Ordinal)) throw new InvalidDataException($"Secret type '{id}': '{ruleId}' is not an ATR-SECRET rule of the catalogue.");
        return rule;
    }

    private static Severity SeverityOf(string id, JsonElement e, ThreatRule rule) =>
        Text(e, "severity") is { } s
            ? Enum.TryParse<Severity>(s, ignoreCase: false, out var v) ? v : throw new InvalidDataException($"Secret type '{id}': severity '{s}' is not a severity.")
            : rule.Severity;

    /// <summary>A set of ASCII characters written as in a regex class body: ranges (A-Z) and single characters.</summary>
    private static bool[] CharSet(string spec, string id)
    {
        var set = new bool[128];
        for (var i = 0; i < spec.Length; i++)
        {
            var c = spec[i];
            if (c >= 128) throw new InvalidDataException($"Secret detector '{id}': the boundary must be ASCII.");
            if (i + 2 < spec.Length && spec[i + 1] == '-')
            {
                for (var x = c; x <= spec[i + 2]; x++) set[x] = true;
                i += 2;
            }
            else set[c] = true;
        }
        return set;
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
