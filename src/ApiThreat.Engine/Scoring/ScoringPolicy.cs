using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Scoring;

/// <summary>
/// The scoring policy: severity penalties, confidence weights, diminishing returns, factor weights, grade bands and
/// caps. Read from a documented JSON file (module data/scoring/policy.json, or the user's -PolicyPath) and validated
/// strictly: every error names the file, the field and the line.
/// </summary>
public sealed class ScoringPolicy
{
    public const string DefaultRelativePath = "scoring/policy.json";
    private const long MaxFileBytes = 1024 * 1024;
    internal const int SeverityLevels = 5, ConfidenceLevels = 5, Buckets = SeverityLevels * ConfidenceLevels;
    internal static readonly FindingCategory[] Categories = Enum.GetValues<FindingCategory>();
    private static readonly string[] s_gradeNames = { "A", "B", "C", "D" };

    private ScoringPolicy() { }

    public string Name { get; private set; } = "";
    public string Version { get; private set; } = "";
    public string SourcePath { get; private set; } = "";
    public double RepeatDecay { get; private set; }
    public int SampleSize { get; private set; }
    public IReadOnlyList<ScoreCap> Caps { get; private set; } = Array.Empty<ScoreCap>();
    /// <summary>Minimum score of A, B, C, D (F below the last).</summary>
    public IReadOnlyList<double> GradeMinimums => _grades;

    private double[] _severityPenalty = new double[SeverityLevels];
    private double[] _confidenceWeight = new double[ConfidenceLevels];
    private double[] _weights = new double[Categories.Length];
    private string[] _rationales = new string[Categories.Length];
    private double[] _grades = new double[4];
    // Per (severity, confidence) bucket: unit penalty, and the buckets ordered by unit penalty, largest first.
    internal double[] UnitPenalty { get; private set; } = new double[Buckets];
    internal int[] BucketOrder { get; private set; } = new int[Buckets];

    public string DisplayName => $"{Name} {Version}".Trim();

    public double SeverityPenalty(Severity s) => _severityPenalty[(int)s];
    public double ConfidenceWeight(Confidence c) => _confidenceWeight[(int)c];
    public double Weight(FindingCategory c) => _weights[(int)c];
    public string Rationale(FindingCategory c) => _rationales[(int)c];

    internal static int Bucket(Severity s, Confidence c) => (int)s * ConfidenceLevels + (int)c;

    public string GradeOf(double score)
    {
        for (var i = 0; i < _grades.Length; i++) if (score >= _grades[i]) return s_gradeNames[i];
        return "F";
    }

    /// <summary>The lowest score that still earns the grade (F = 0).</summary>
    public double MinimumFor(string grade)
    {
        var i = Array.IndexOf(s_gradeNames, grade.ToUpperInvariant());
        if (i >= 0) return _grades[i];
        if (string.Equals(grade, "F", StringComparison.OrdinalIgnoreCase)) return 0;
        throw new ArgumentException($"'{grade}' is not a grade: use A, B, C, D or F.");
    }

    /// <summary>The highest score a cap at this grade allows: one point below the next grade up (A = 100).</summary>
    public double TopOf(string grade)
    {
        var g = grade.ToUpperInvariant();
        if (g == "A") return 100;
        var i = g == "F" ? _grades.Length : Array.IndexOf(s_gradeNames, g);
        if (i <= 0) throw new ArgumentException($"'{grade}' is not a grade: use A, B, C, D or F.");
        return _grades[i - 1] - 1;
    }

    public static ScoringPolicy Load(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new ScoringPolicyException(full, "", null, "does not exist.", new FileNotFoundException(full));
        if (new FileInfo(full).Length > MaxFileBytes)
            throw new ScoringPolicyException(full, "", null, $"is larger than {MaxFileBytes / 1024} KB; a scoring policy is a small JSON file.");
        string text;
        try { text = File.ReadAllText(full); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { throw new ScoringPolicyException(full, "", null, $"cannot be read: {e.Message}", e); }
        return Parse(text, full);
    }

    public static ScoringPolicy Parse(string json, string source)
    {
        JObject root;
        try
        {
            using var reader = new JsonTextReader(new StringReader(json)) { MaxDepth = 16, DateParseHandling = DateParseHandling.None };
            var token = JToken.ReadFrom(reader, new JsonLoadSettings
            {
                CommentHandling = CommentHandling.Ignore,
                LineInfoHandling = LineInfoHandling.Load,
                DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Error,
            });
            root = token as JObject ?? throw new ScoringPolicyException(source, "", Line(token), "must be a JSON object.");
            while (reader.Read())
                if (reader.TokenType != JsonToken.Comment)
                    throw new ScoringPolicyException(source, "", reader.LineNumber, "has content after the policy object.");
        }
        catch (JsonException e)
        {
            var line = e is JsonReaderException r ? r.LineNumber : (int?)null;
            throw new ScoringPolicyException(source, "", line, $"is not valid JSON: {e.Message}", e);
        }

        var p = new ScoringPolicy { SourcePath = source };
        var v = new Reader(source);
        v.Only(root, "", "name", "version", "description", "grades", "severityPenalty", "confidenceWeight", "repeatDecay", "sampleSize", "factors", "caps", "$schema");
        p.Name = v.OptionalString(root, "name") ?? Path.GetFileNameWithoutExtension(source);
        p.Version = v.OptionalString(root, "version") ?? "";

        var grades = v.Object(root, "grades");
        v.Only(grades, "grades", s_gradeNames);
        for (var i = 0; i < s_gradeNames.Length; i++)
        {
            p._grades[i] = v.Number(grades, s_gradeNames[i], "grades." + s_gradeNames[i], 0.1, 100);
            if (i > 0 && p._grades[i] >= p._grades[i - 1])
                throw v.Error(grades[s_gradeNames[i]]!, "grades." + s_gradeNames[i],
                    $"must be lower than grades.{s_gradeNames[i - 1]} ({p._grades[i - 1].ToString(CultureInfo.InvariantCulture)}).");
        }

        var sev = v.Object(root, "severityPenalty");
        var sevNames = Enum.GetNames<Severity>();
        v.Only(sev, "severityPenalty", sevNames);
        foreach (var s in Enum.GetValues<Severity>())
            p._severityPenalty[(int)s] = v.Number(sev, s.ToString(), "severityPenalty." + s, 0, 100);

        var conf = v.Object(root, "confidenceWeight");
        v.Only(conf, "confidenceWeight", Enum.GetNames<Confidence>());
        foreach (var c in Enum.GetValues<Confidence>())
            p._confidenceWeight[(int)c] = v.Number(conf, c.ToString(), "confidenceWeight." + c, 0, 1);

        p.RepeatDecay = v.Number(root, "repeatDecay", "repeatDecay", 0, 1);
        p.SampleSize = root["sampleSize"] is null ? 20 : (int)v.Number(root, "sampleSize", "sampleSize", 0, 1000, integer: true);

        var factors = v.Object(root, "factors");
        v.Only(factors, "factors", Enum.GetNames<FindingCategory>());
        foreach (var c in Categories)
        {
            var f = v.Object(factors, c.ToString(), "factors." + c);
            v.Only(f, "factors." + c, "weight", "rationale");
            p._weights[(int)c] = v.Number(f, "weight", $"factors.{c}.weight", 0, 1);
            p._rationales[(int)c] = v.OptionalString(f, "rationale") ?? "";
        }

        var caps = new List<ScoreCap>();
        if (root["caps"] is { } capsToken)
        {
            if (capsToken is not JArray array) throw v.Error(capsToken, "caps", "must be an array of cap objects.");
            var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < array.Count; i++)
            {
                var path = $"caps[{i}]";
                if (array[i] is not JObject cap) throw v.Error(array[i], path, "must be an object.");
                caps.Add(ReadCap(p, v, cap, path, ids));
            }
        }
        p.Caps = caps;

        for (var b = 0; b < Buckets; b++)
            p.UnitPenalty[b] = p._severityPenalty[b / ConfidenceLevels] * p._confidenceWeight[b % ConfidenceLevels];
        // Largest penalty first; equal penalties in a fixed order (higher severity, then higher confidence first).
        p.BucketOrder = Enumerable.Range(0, Buckets).OrderByDescending(b => p.UnitPenalty[b]).ThenByDescending(b => b).ToArray();
        return p;
    }

    private static ScoreCap ReadCap(ScoringPolicy p, Reader v, JObject cap, string path, HashSet<string> ids)
    {
        v.Only(cap, path, "id", "maxGrade", "maxScore", "rules", "categories", "minSeverity", "minConfidence", "appliesTo", "rationale");
        var id = v.OptionalString(cap, "id") ?? throw v.Error(cap, path + ".id", "is required (a short name shown in RiskScore.Caps).");
        if (!ids.Add(id)) throw v.Error(cap["id"]!, path + ".id", $"'{id}' is used by another cap.");
        var grade = v.OptionalString(cap, "maxGrade");
        var hasScore = cap["maxScore"] is not null;
        if ((grade is null) == !hasScore)
            throw v.Error(cap, path, "needs exactly one of maxGrade (A-F) or maxScore (0-100).");
        double max;
        if (grade is not null)
        {
            if (grade.Length != 1 || "ABCDF".IndexOf(char.ToUpperInvariant(grade[0])) < 0)
                throw v.Error(cap["maxGrade"]!, path + ".maxGrade", $"'{grade}' is not a grade: use A, B, C, D or F.");
            grade = grade.ToUpperInvariant();
            max = p.TopOf(grade);
        }
        else max = v.Number(cap, "maxScore", path + ".maxScore", 0, 100);

        var rules = v.StringArray(cap, "rules", path + ".rules");
        foreach (var r in rules)
            if (r.Length == 0 || r.Length > 64 || r.Any(ch => !(char.IsAsciiLetterOrDigit(ch) || ch is '-' or '*' or '?')))
                throw v.Error(cap["rules"]!, path + ".rules", $"'{r}' is not a rule id or pattern (ATR-AREA-NNN, wildcards * and ?).");
        var categories = v.StringArray(cap, "categories", path + ".categories")
            .Select(c => v.Enum<FindingCategory>(cap["categories"]!, path + ".categories", c)).ToArray();
        if (rules.Length == 0 && categories.Length == 0)
            throw v.Error(cap, path, "needs rules or categories: a cap that matches every finding would cap every target.");
        var minSeverity = v.OptionalString(cap, "minSeverity") is { } ms ? v.Enum<Severity>(cap["minSeverity"]!, path + ".minSeverity", ms) : Severity.Info;
        var minConfidence = v.OptionalString(cap, "minConfidence") is { } mc ? v.Enum<Confidence>(cap["minConfidence"]!, path + ".minConfidence", mc) : Confidence.Unlikely;
        var applies = cap["appliesTo"] is null ? new[] { "Host" } : v.StringArray(cap, "appliesTo", path + ".appliesTo");
        foreach (var a in applies)
            if (a is not ("Host" or "Domain" or "Organization"))
                throw v.Error(cap["appliesTo"]!, path + ".appliesTo", $"'{a}' is not a scope: use Host, Domain or Organization.");
        return new ScoreCap(id, max, grade, rules, categories, minSeverity, minConfidence,
            applies.Contains("Host"), applies.Contains("Domain"), applies.Contains("Organization"), v.OptionalString(cap, "rationale") ?? "");
    }

    private static int? Line(JToken? t) => t is IJsonLineInfo li && li.HasLineInfo() ? li.LineNumber : null;

    /// <summary>Typed field access that turns every mistake into a ScoringPolicyException naming field and line.</summary>
    private sealed class Reader
    {
        private readonly string _source;
        public Reader(string source) => _source = source;

        public ScoringPolicyException Error(JToken at, string field, string problem) => new(_source, field, Line(at), problem);

        public void Only(JObject o, string path, params string[] allowed)
        {
            foreach (var prop in o.Properties())
                if (!allowed.Contains(prop.Name, StringComparer.Ordinal))
                {
                    var near = allowed.FirstOrDefault(a => string.Equals(a, prop.Name, StringComparison.OrdinalIgnoreCase));
                    var field = path.Length == 0 ? prop.Name : $"{path}.{prop.Name}";
                    throw Error(prop, field, near is not null
                        ? $"is not a known field; did you mean '{near}'? (names are case-sensitive)"
                        : $"is not a known field. Known here: {string.Join(", ", allowed.Where(a => a != "$schema"))}.");
                }
        }

        public JObject Object(JObject parent, string name, string? path = null)
        {
            path ??= name;
            var t = parent[name];
            if (t is null) throw Error(parent, path, "is required.");
            return t as JObject ?? throw Error(t, path, $"must be an object, not {Describe(t)}.");
        }

        public double Number(JObject parent, string name, string path, double min, double max, bool integer = false)
        {
            var t = parent[name];
            if (t is null) throw Error(parent, path, "is required.");
            if (t.Type is not (JTokenType.Integer or JTokenType.Float))
                throw Error(t, path, $"must be a number, not {Describe(t)}.");
            var d = t.Value<double>();
            if (double.IsNaN(d) || d < min || d > max)
                throw Error(t, path, $"is {d.ToString(CultureInfo.InvariantCulture)}; it must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}.");
            if (integer && t.Type != JTokenType.Integer) throw Error(t, path, "must be a whole number.");
            return d;
        }

        public string? OptionalString(JObject parent, string name)
        {
            var t = parent[name];
            if (t is null || t.Type == JTokenType.Null) return null;
            if (t.Type != JTokenType.String) throw Error(t, name, $"must be a string, not {Describe(t)}.");
            return (string)t!;
        }

        public string[] StringArray(JObject parent, string name, string path)
        {
            var t = parent[name];
            if (t is null) return Array.Empty<string>();
            if (t is not JArray a || a.Any(x => x.Type != JTokenType.String))
                throw Error(t, path, "must be an array of strings.");
            return a.Select(x => (string)x!).ToArray();
        }

        public T Enum<T>(JToken at, string path, string value) where T : struct, System.Enum
        {
            // Names only: numbers would silently accept out-of-range values.
            if (!value.All(char.IsAsciiLetter) || !System.Enum.TryParse<T>(value, true, out var r))
                throw Error(at, path, $"'{value}' is not one of: {string.Join(", ", System.Enum.GetNames<T>())}.");
            return r;
        }

        private static string Describe(JToken t) => t.Type switch
        {
            JTokenType.String => $"the string \"{TextSafety.Truncate((string)t!, 40)}\"",
            JTokenType.Null => "null",
            _ => t.Type.ToString().ToLowerInvariant(),
        };
    }
}
