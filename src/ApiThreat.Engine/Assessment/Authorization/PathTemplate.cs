using System.Text.RegularExpressions;

namespace ApiThreat.Engine.Assessment.Authorization;

/// <summary>
/// An operation path split at its last path parameter: "/users/{userId}/orders/{orderId}/" is the prefix
/// "/users/{userId}/orders", the parameter "orderId" and the suffix "/". The prefix names the listing the identifiers
/// come from; filling takes the concrete listing path an object was read from, so nested parameters stay consistent.
/// </summary>
public sealed class PathTemplate
{
    private static readonly Regex s_parameter = new(@"\{([^{}/]+)\}", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

    private PathTemplate(string prefix, string segmentBefore, string parameter, string segmentAfter, string suffix, bool prefixHasParameters)
    {
        Prefix = prefix;
        _segmentBefore = segmentBefore;
        Parameter = parameter;
        _segmentAfter = segmentAfter;
        Suffix = suffix;
        PrefixHasParameters = prefixHasParameters;
    }

    private readonly string _segmentBefore;
    private readonly string _segmentAfter;

    /// <summary>The path before the parameter's segment, without a trailing slash ("" for the root).</summary>
    public string Prefix { get; }
    public string Parameter { get; }
    public string Suffix { get; }
    public bool PrefixHasParameters { get; }

    public static bool HasParameters(string path) => path.Contains('{');

    public static IReadOnlyList<string> ParametersOf(string path) => s_parameter.Matches(path).Select(m => m.Groups[1].Value).ToArray();

    /// <summary>Null when the path has no parameter, or a parameter after the last one's segment (not fillable from one object).</summary>
    public static PathTemplate? Parse(string path)
    {
        var matches = s_parameter.Matches(path);
        if (matches.Count == 0) return null;
        var last = matches[^1];
        var segmentStart = path.LastIndexOf('/', last.Index) + 1;
        var segmentEnd = path.IndexOf('/', last.Index + last.Length);
        if (segmentEnd < 0) segmentEnd = path.Length;
        var suffix = path[segmentEnd..];
        if (suffix.Contains('{')) return null;
        var prefix = path[..Math.Max(0, segmentStart - 1)];
        return new PathTemplate(prefix, path[segmentStart..last.Index], last.Groups[1].Value,
            path[(last.Index + last.Length)..segmentEnd], suffix, prefix.Contains('{'));
    }

    /// <summary>The path with the parameter's segment filled with <paramref name="value"/> under a concrete prefix.</summary>
    public string Fill(string concretePrefix, string value) =>
        concretePrefix.TrimEnd('/') + "/" + _segmentBefore + Uri.EscapeDataString(value) + _segmentAfter + Suffix;

    /// <summary>Whether two templates name the same path (trailing slashes and parameter names aside).</summary>
    public static bool SameTemplate(string a, string b) => Shape(a) == Shape(b);

    private static string Shape(string path) => s_parameter.Replace(path, "{}").TrimEnd('/');

    /// <summary>Whether a concrete path could be an instance of the template (each parameter one segment or part of one).</summary>
    public static bool Matches(string template, string path)
    {
        var pattern = "^" + string.Join("[^/]+", s_parameter.Split(template.TrimEnd('/')).Where((_, i) => i % 2 == 0).Select(Regex.Escape)) + "/?$";
        return Regex.IsMatch(path, pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
    }
}
