using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ApiThreat.Engine.Fingerprints;

/// <summary>
/// One Wappalyzer-style pattern: a regular expression with optional tags after <c>\;</c>
/// (<c>version:\1</c>, <c>version:\1?a:b</c>, <c>confidence:50</c>). Compiled once, case-insensitive, with a
/// match timeout (see Parse for why not NonBacktracking).
/// </summary>
public sealed class FingerprintPattern
{
    // Generous: a loaded machine must not turn a slow match into a missed detection; inputs are capped anyway. A
    // pattern that times out this often is catastrophic (or the input hostile) and is not run again by this process.
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(500);
    public const int TimeoutsBeforeDisabled = 2;
    private int _timeouts;
    private const RegexOptions BaseOptions = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    private FingerprintPattern(string source, Regex regex, string? version, int confidence, string? literal)
    {
        Source = source;
        Regex = regex;
        VersionTemplate = version;
        Confidence = confidence;
        RequiredLiteral = literal;
    }

    /// <summary>The pattern as written, tags included.</summary>
    public string Source { get; }
    public Regex Regex { get; }
    public string? VersionTemplate { get; }
    public int Confidence { get; }
    /// <summary>A lower-case ASCII string every match must contain (for the prefilter), or null.</summary>
    public string? RequiredLiteral { get; }
    /// <summary>True for an empty pattern: the field's presence alone is the evidence (e.g. a header name).</summary>
    public bool MatchesAnything => Regex.ToString().Length == 0;

    /// <summary>Parses and compiles; throws <see cref="FormatException"/> with the reason when the pattern is bad.</summary>
    public static FingerprintPattern Parse(string source)
    {
        var parts = source.Split("\\;");
        var expression = parts[0];
        string? version = null;
        var confidence = 100;
        foreach (var tag in parts.Skip(1))
        {
            var colon = tag.IndexOf(':');
            var key = colon < 0 ? tag : tag[..colon];
            var value = colon < 0 ? "" : tag[(colon + 1)..];
            switch (key)
            {
                case "version": version = value; break;
                case "confidence":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out confidence) || confidence > 100)
                        throw new FormatException($"the confidence tag '{value}' is not a number from 0 to 100");
                    break;
                default: throw new FormatException($"unknown tag '\\;{key}' (known: version, confidence)");
            }
        }
        Regex regex;
        try
        {
            // The backtracking interpreter under a timeout, not NonBacktracking: measured here, building the
            // NonBacktracking automata for the ~1,000 bundled patterns took over 20 s (and the first matches pay
            // for DFA construction), against well under 300 ms for the interpreter. Inputs are capped and every
            // match is timed out, so a pathological pattern costs at most MatchTimeout per input.
            regex = new Regex(expression, BaseOptions, MatchTimeout);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"the regular expression '{expression}' is invalid: {ex.Message}", ex);
        }
        return new FingerprintPattern(source, regex, version, confidence, RequiredLiterals.Extract(expression));
    }

    /// <summary>Timeouts so far; at <see cref="TimeoutsBeforeDisabled"/> the pattern is disabled.</summary>
    public int Timeouts => Volatile.Read(ref _timeouts);
    public bool Disabled => Timeouts >= TimeoutsBeforeDisabled;

    /// <summary>Matches within the timeout; a timeout counts as no match (a hostile input must not stall detection).</summary>
    public bool TryMatch(string input, out Match? match) => TryMatch(input, out match, out _);

    /// <summary>As <see cref="TryMatch(string, out Match?)"/>; <paramref name="timedOut"/> tells a timeout from no match.</summary>
    public bool TryMatch(string input, out Match? match, out bool timedOut)
    {
        match = null;
        timedOut = false;
        if (Disabled) return false;
        try
        {
            var m = Regex.Match(input);
            match = m.Success ? m : null;
            return m.Success;
        }
        catch (RegexMatchTimeoutException)
        {
            Interlocked.Increment(ref _timeouts);
            timedOut = true;
            return false;
        }
    }

    /// <summary>Fills the version template from a match: \1 → group 1; \1?yes:no → yes when group 1 matched, else no.</summary>
    public string? VersionOf(Match match)
    {
        if (string.IsNullOrEmpty(VersionTemplate)) return null;
        var t = VersionTemplate;
        var sb = new StringBuilder();
        for (var i = 0; i < t.Length; i++)
        {
            if (t[i] == '\\' && i + 1 < t.Length && char.IsAsciiDigit(t[i + 1]))
            {
                var n = t[i + 1] - '0';
                i++;
                var value = n < match.Groups.Count && match.Groups[n].Success ? match.Groups[n].Value : "";
                if (i + 1 < t.Length && t[i + 1] == '?')
                {
                    // Ternary: \1?yes:no
                    var colon = t.IndexOf(':', i + 2);
                    var yes = colon < 0 ? t[(i + 2)..] : t[(i + 2)..colon];
                    var no = colon < 0 ? "" : t[(colon + 1)..];
                    sb.Append(value.Length > 0 ? yes : no);
                    break;
                }
                sb.Append(value);
            }
            else sb.Append(t[i]);
        }
        var version = sb.ToString().Trim().Trim('.', '-', '_'); // "3.2.0.beta" captured as "3.2.0."
        if (version.Length == 0 || version.Length > 40) return null;
        foreach (var c in version) if (char.IsControl(c) || c == '<' || c == '>') return null;
        return version;
    }

    public override string ToString() => Source;
}

/// <summary>
/// Finds a literal every match of a regular expression must contain, for the multi-string prefilter. Conservative:
/// only top-level literal runs count; any top-level alternation means there is none.
/// </summary>
internal static class RequiredLiterals
{
    public static string? Extract(string pattern)
    {
        var best = "";
        var run = new StringBuilder();
        var depth = 0;
        void EndRun()
        {
            if (run.Length > best.Length) best = run.ToString();
            run.Clear();
        }
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '\\':
                    if (i + 1 >= pattern.Length) return null;
                    var e = pattern[++i];
                    if (depth == 0 && !char.IsAsciiLetterOrDigit(e) && e < 128) run.Append(char.ToLowerInvariant(e));
                    else EndRun();
                    if (e is 'x' or 'u' or 'p' or 'P' or 'k' or 'c') return null; // multi-character escapes: no prefilter
                    break;
                case '[':
                    EndRun();
                    // Skip the class (a ']' right after '[' or '[^' is literal).
                    i++;
                    if (i < pattern.Length && pattern[i] == '^') i++;
                    if (i < pattern.Length && pattern[i] == ']') i++;
                    while (i < pattern.Length && pattern[i] != ']') { if (pattern[i] == '\\') i++; i++; }
                    break;
                case '(':
                    EndRun();
                    depth++;
                    break;
                case ')':
                    depth = Math.Max(0, depth - 1);
                    // A quantified group may be absent; literals inside groups are not collected anyway.
                    break;
                case '|':
                    if (depth == 0) return null;
                    break;
                case '*' or '?' or '{':
                    // The preceding atom may be absent: drop it from the run.
                    if (depth == 0 && run.Length > 0) run.Length--;
                    EndRun();
                    if (c == '{') while (i < pattern.Length && pattern[i] != '}') i++;
                    break;
                case '+':
                    EndRun();
                    break;
                case '.' or '^' or '$':
                    EndRun();
                    break;
                default:
                    if (depth == 0 && c < 128) run.Append(char.ToLowerInvariant(c));
                    else EndRun();
                    break;
            }
        }
        return Best(best, run);
    }

    private static string? Best(string best, StringBuilder run)
    {
        if (run.Length > best.Length) best = run.ToString();
        return best.Length >= 3 ? best : null;
    }
}
