using System.Diagnostics;
using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Fingerprints;

/// <summary>
/// The loaded fingerprints, indexed for detection: keyed rules by header/cookie/meta name, unkeyed rules by kind,
/// favicon hashes, and a multi-string prefilter over the rules' required literals. Files use the Wappalyzer JSON
/// schema (technology name → { cats, headers, cookies, meta, scriptSrc, html, text, title, url, certIssuer, robots,
/// favicon, implies, excludes, requires, cpe, website }); categories come from files named categories.json.
/// A bad file or a bad technology is reported in <see cref="Errors"/> and skipped: the rest load.
/// </summary>
public sealed class FingerprintDatabase
{
    public const string CategoriesFileName = "categories.json";
    public const string VulnerableVersionsFileName = "vulnerable-versions.json";

    private readonly Dictionary<string, Fingerprint> _technologies = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<int, string> _categories = new();
    private readonly List<FingerprintLoadError> _errors = new();

    internal readonly Dictionary<string, List<PatternRule>> HeaderRules = new(StringComparer.OrdinalIgnoreCase);
    internal readonly Dictionary<string, List<PatternRule>> CookieRules = new(StringComparer.OrdinalIgnoreCase);
    internal readonly List<PatternRule> CookiePrefixRules = new();
    internal readonly Dictionary<string, List<PatternRule>> MetaRules = new(StringComparer.OrdinalIgnoreCase);
    internal readonly Dictionary<int, List<Fingerprint>> Favicons = new();
    internal readonly List<PatternRule> AllRules = new();
    /// <summary>Rules of the text kinds without a usable literal: always run.</summary>
    internal readonly Dictionary<EvidenceKind, List<PatternRule>> Unfiltered = new();
    /// <summary>Literal id → rules that require it.</summary>
    internal List<PatternRule>[] LiteralRules = Array.Empty<List<PatternRule>>();
    internal AhoCorasick Prefilter = new(Array.Empty<string>());

    private FingerprintDatabase() { }

    public IReadOnlyDictionary<string, Fingerprint> Technologies => _technologies;
    public IReadOnlyDictionary<int, string> Categories => _categories;
    public IReadOnlyList<FingerprintLoadError> Errors => _errors;
    public TimeSpan LoadTime { get; private set; }
    public int PatternCount => AllRules.Count;

    public Fingerprint? Find(string name) => _technologies.TryGetValue(name, out var f) ? f : null;

    /// <summary>The bundled fingerprints (a module's data/fingerprints folder) plus any user files or folders.</summary>
    public static FingerprintDatabase Load(string bundledDirectory, IEnumerable<string>? extraPaths = null)
    {
        var paths = new List<string> { bundledDirectory };
        if (extraPaths is not null) paths.AddRange(extraPaths);
        return LoadPaths(paths);
    }

    /// <summary>Loads files and folders (recursively, *.json) in order; a later definition of a name replaces an earlier one.</summary>
    public static FingerprintDatabase LoadPaths(IEnumerable<string> paths)
    {
        var stopwatch = Stopwatch.StartNew();
        var db = new FingerprintDatabase();
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
                files.AddRange(Directory.EnumerateFiles(path, "*.json", SearchOption.AllDirectories)
                    .Where(f => !Path.GetFileName(f).Equals(VulnerableVersionsFileName, StringComparison.OrdinalIgnoreCase))
                    .OrderBy(f => f, StringComparer.Ordinal));
            else if (File.Exists(path)) files.Add(path);
            else db._errors.Add(new FingerprintLoadError(path, null, "no such file or folder."));
        }
        // Categories first, so technologies can name theirs whatever the file order.
        foreach (var file in files.Where(IsCategoriesFile)) db.LoadCategories(file);
        // Parse and compile in parallel (regex construction dominates), then merge in file order.
        var parsed = new (List<Fingerprint> Techs, List<FingerprintLoadError> Errors)[files.Count];
        Parallel.For(0, files.Count, i => parsed[i] = IsCategoriesFile(files[i]) ? (new(), new()) : ParseTechnologyFile(files[i]));
        foreach (var (techs, errors) in parsed)
        {
            db._errors.AddRange(errors);
            foreach (var t in techs) db._technologies[t.Name] = t;
        }
        db.Link();
        db.Index();
        db.LoadTime = stopwatch.Elapsed;
        return db;
    }

    private static bool IsCategoriesFile(string file) => Path.GetFileName(file).Equals(CategoriesFileName, StringComparison.OrdinalIgnoreCase);

    private void LoadCategories(string file)
    {
        try
        {
            var root = ReadJson(file);
            foreach (var p in root.Properties())
            {
                if (!int.TryParse(p.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                {
                    _errors.Add(new FingerprintLoadError(file, null, $"category key '{p.Name}' is not a number."));
                    continue;
                }
                var name = p.Value is JObject o ? (string?)o["name"] : p.Value.Type == JTokenType.String ? (string?)p.Value : null;
                if (string.IsNullOrWhiteSpace(name)) _errors.Add(new FingerprintLoadError(file, null, $"category {id} has no name."));
                else _categories[id] = name;
            }
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or FormatException)
        {
            _errors.Add(new FingerprintLoadError(file, null, ex.Message));
        }
    }

    private static JObject ReadJson(string file)
    {
        using var reader = new JsonTextReader(new StreamReader(file)) { DateParseHandling = DateParseHandling.None, MaxDepth = 16 };
        var token = JToken.ReadFrom(reader);
        return token as JObject ?? throw new FormatException("the top level is not a JSON object (technology name → definition).");
    }

    internal static (List<Fingerprint>, List<FingerprintLoadError>) ParseTechnologyFile(string file)
    {
        var techs = new List<Fingerprint>();
        var errors = new List<FingerprintLoadError>();
        JObject root;
        try { root = ReadJson(file); }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or FormatException)
        {
            errors.Add(new FingerprintLoadError(file, null, $"not readable as fingerprint JSON: {ex.Message}"));
            return (techs, errors);
        }
        // A Wappalyzer technologies file may wrap entries in { "technologies": { ... } }.
        if (root["technologies"] is JObject wrapped) root = wrapped;
        foreach (var property in root.Properties())
        {
            if (property.Name.StartsWith('$')) continue; // $schema and other annotations
            try { techs.Add(ParseTechnology(file, property.Name, property.Value)); }
            catch (FormatException ex) { errors.Add(new FingerprintLoadError(file, property.Name, ex.Message)); }
        }
        return (techs, errors);
    }

    private static Fingerprint ParseTechnology(string file, string name, JToken value)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new FormatException("a technology has an empty name.");
        if (value is not JObject o) throw new FormatException("the definition is not a JSON object.");
        var tech = new Fingerprint
        {
            Name = name.Trim(),
            SourceFile = file,
            CategoryIds = Ints(o["cats"], "cats"),
            Website = Str(o["website"]),
            Description = Str(o["description"]),
            Cpe = ParseCpe(o["cpe"]),
            Implies = Strings(o["implies"], "implies").Select(ParseReference).ToArray(),
            Excludes = Strings(o["excludes"], "excludes").Select(s => ParseReference(s).Name).ToArray(),
            Requires = Strings(o["requires"], "requires").Select(s => ParseReference(s).Name).ToArray(),
            FaviconHashes = Ints(o["favicon"], "favicon"),
        };
        AddKeyed(tech, o["headers"], EvidenceKind.Header);
        AddKeyed(tech, o["cookies"], EvidenceKind.Cookie);
        AddKeyed(tech, o["meta"], EvidenceKind.Meta);
        AddList(tech, o["scriptSrc"], EvidenceKind.ScriptSrc);
        AddList(tech, o["html"], EvidenceKind.Html);
        AddList(tech, o["text"], EvidenceKind.Text);
        AddList(tech, o["title"], EvidenceKind.Title);
        AddList(tech, o["url"], EvidenceKind.Url);
        AddList(tech, o["certIssuer"], EvidenceKind.CertIssuer);
        AddList(tech, o["robots"], EvidenceKind.Robots);
        return tech;
    }

    private static TechnologyReference ParseReference(string s)
    {
        var parts = s.Split("\\;");
        var confidence = 100;
        foreach (var tag in parts.Skip(1))
            if (tag.StartsWith("confidence:", StringComparison.Ordinal) &&
                (!int.TryParse(tag["confidence:".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out confidence) || confidence > 100))
                throw new FormatException($"the reference '{s}' has a bad confidence tag.");
        return new TechnologyReference(parts[0].Trim(), confidence);
    }

    private static string? ParseCpe(JToken? token)
    {
        var cpe = Str(token);
        if (cpe is null) return null;
        if (!cpe.StartsWith("cpe:2.3:", StringComparison.Ordinal) || cpe.Split(':').Length != 13)
            throw new FormatException($"cpe '{cpe}' is not a CPE 2.3 formatted string (cpe:2.3:part:vendor:product:version:... with 13 fields).");
        return cpe;
    }

    private static void AddKeyed(Fingerprint tech, JToken? token, EvidenceKind kind)
    {
        if (token is null || token.Type == JTokenType.Null) return;
        if (token is not JObject o) throw new FormatException($"'{KindKey(kind)}' must be an object of name → pattern.");
        foreach (var p in o.Properties())
            foreach (var pattern in Strings(p.Value, $"{KindKey(kind)}.{p.Name}"))
                tech.Rules.Add(new PatternRule { Technology = tech, Kind = kind, Key = p.Name.Trim().ToLowerInvariant(), Pattern = Compile(pattern, kind, p.Name) });
    }

    private static void AddList(Fingerprint tech, JToken? token, EvidenceKind kind)
    {
        foreach (var pattern in Strings(token, KindKey(kind)))
            tech.Rules.Add(new PatternRule { Technology = tech, Kind = kind, Pattern = Compile(pattern, kind, null) });
    }

    private static FingerprintPattern Compile(string pattern, EvidenceKind kind, string? key)
    {
        try { return FingerprintPattern.Parse(pattern); }
        catch (FormatException ex)
        {
            throw new FormatException($"{KindKey(kind)}{(key is null ? "" : "." + key)} pattern '{pattern}': {ex.Message}", ex);
        }
    }

    private static string KindKey(EvidenceKind kind) => kind switch
    {
        EvidenceKind.Header => "headers",
        EvidenceKind.Cookie => "cookies",
        EvidenceKind.ScriptSrc => "scriptSrc",
        EvidenceKind.CertIssuer => "certIssuer",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static string? Str(JToken? token) => token is null || token.Type == JTokenType.Null ? null
        : token.Type == JTokenType.String ? (string?)token : throw new FormatException($"'{token.Path}' must be a string.");

    private static string[] Strings(JToken? token, string what)
    {
        if (token is null || token.Type == JTokenType.Null) return Array.Empty<string>();
        if (token.Type == JTokenType.String) return new[] { (string)token! };
        if (token is JArray a && a.All(t => t.Type == JTokenType.String)) return a.Select(t => (string)t!).ToArray();
        throw new FormatException($"'{what}' must be a string or an array of strings.");
    }

    private static int[] Ints(JToken? token, string what)
    {
        if (token is null || token.Type == JTokenType.Null) return Array.Empty<int>();
        if (token.Type == JTokenType.Integer) return new[] { ToInt(token, what) };
        if (token is JArray a && a.All(t => t.Type == JTokenType.Integer)) return a.Select(t => ToInt(t, what)).ToArray();
        throw new FormatException($"'{what}' must be an integer or an array of integers.");
    }

    private static int ToInt(JToken token, string what)
    {
        var v = (long)token;
        if (v is < int.MinValue or > int.MaxValue) throw new FormatException($"'{what}' value {v} is outside the 32-bit range.");
        return (int)v;
    }

    /// <summary>Names categories and checks references; drops references to technologies that do not exist.</summary>
    private void Link()
    {
        foreach (var tech in _technologies.Values)
        {
            tech.Categories = tech.CategoryIds.Select(id => _categories.TryGetValue(id, out var n) ? n : $"Category {id}").Distinct().ToArray();
            foreach (var id in tech.CategoryIds.Where(id => !_categories.ContainsKey(id)))
                _errors.Add(new FingerprintLoadError(tech.SourceFile, tech.Name, $"category {id} is not defined in any {CategoriesFileName}."));
            foreach (var r in tech.Implies.Select(i => i.Name).Concat(tech.Excludes).Concat(tech.Requires))
                if (!_technologies.ContainsKey(r))
                    _errors.Add(new FingerprintLoadError(tech.SourceFile, tech.Name, $"refers to '{r}', which no fingerprint defines."));
        }
    }

    private void Index()
    {
        var literals = new List<string>();
        var literalIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var literalRules = new List<List<PatternRule>>();
        foreach (var tech in _technologies.Values.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            foreach (var hash in tech.FaviconHashes)
            {
                if (!Favicons.TryGetValue(hash, out var list)) Favicons[hash] = list = new();
                list.Add(tech);
            }
            foreach (var rule in tech.Rules)
            {
                rule.Id = AllRules.Count;
                AllRules.Add(rule);
                switch (rule.Kind)
                {
                    case EvidenceKind.Header: Add(HeaderRules, rule.Key!, rule); break;
                    case EvidenceKind.Meta: Add(MetaRules, rule.Key!, rule); break;
                    case EvidenceKind.Cookie:
                        if (rule.Key!.EndsWith('*')) CookiePrefixRules.Add(rule);
                        else Add(CookieRules, rule.Key, rule);
                        break;
                    default:
                        var literal = rule.Pattern.RequiredLiteral;
                        if (literal is null)
                        {
                            if (!Unfiltered.TryGetValue(rule.Kind, out var u)) Unfiltered[rule.Kind] = u = new();
                            u.Add(rule);
                        }
                        else
                        {
                            if (!literalIds.TryGetValue(literal, out var id))
                            {
                                literalIds[literal] = id = literals.Count;
                                literals.Add(literal);
                                literalRules.Add(new());
                            }
                            literalRules[id].Add(rule);
                        }
                        break;
                }
            }
        }
        LiteralRules = literalRules.ToArray();
        Prefilter = new AhoCorasick(literals);
    }

    private static void Add(Dictionary<string, List<PatternRule>> index, string key, PatternRule rule)
    {
        if (!index.TryGetValue(key, out var list)) index[key] = list = new();
        list.Add(rule);
    }
}
