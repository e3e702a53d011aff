using System.Text;

namespace ApiThreat.Engine.Fingerprints;

/// <summary>
/// Linear-time passes over hostile HTML for the detector. Regexes over the whole body (<c>&lt;script\b[^&gt;]*?...</c>,
/// <c>&lt;script&gt;[\s\S]*?&lt;/script&gt;</c>) restart at every tag opener and go quadratic on bodies such as
/// "&lt;script " or "&lt;style&gt;" repeated without a closer: fuzzing timed them out at over 1 s, and a timed-out pass
/// also hid the page from the text rules. Here every search resumes where the last one ended, or reuses its answer.
/// </summary>
internal static class HtmlTagScanner
{
    /// <summary>
    /// The attribute text of each opening tag <paramref name="name"/> (e.g. "&lt;meta"), up to its first '&gt;', when that
    /// is at most <paramref name="maxLength"/> characters away (a longer run is not read as a tag).
    /// </summary>
    public static IEnumerable<string> OpeningTags(string body, string name, int maxLength)
    {
        var gt = new NextIndex(body, ">");
        var p = body.IndexOf(name, StringComparison.OrdinalIgnoreCase);
        while (p >= 0)
        {
            var after = p + name.Length;
            var next = after;
            if (after == body.Length || !IsWordChar(body[after]))
            {
                var end = gt.From(after);
                if (end < 0) yield break;
                if (end - after <= maxLength)
                {
                    yield return body[after..end];
                    next = end + 1;
                }
            }
            p = next >= body.Length ? -1 : body.IndexOf(name, next, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>
    /// The body with script and style elements and every tag replaced by a space, as
    /// <c>&lt;script\b[^&gt;]*&gt;[\s\S]*?&lt;/script&gt;|&lt;style\b[^&gt;]*&gt;[\s\S]*?&lt;/style&gt;|&lt;[^&gt;]*&gt;</c> would, in one pass.
    /// </summary>
    public static string WithoutTags(string body)
    {
        var gt = new NextIndex(body, ">");
        var scriptEnd = new NextIndex(body, "</script>");
        var styleEnd = new NextIndex(body, "</style>");
        var sb = new StringBuilder(body.Length);
        var i = 0;
        while (i < body.Length)
        {
            var lt = body.IndexOf('<', i);
            if (lt < 0) { sb.Append(body, i, body.Length - i); break; }
            sb.Append(body, i, lt - i);
            var close = gt.From(lt + 1);
            if (close < 0) { sb.Append(body, lt, body.Length - lt); break; } // no '>' left: the rest is text
            var element = Starts(body, lt, "<script") ? scriptEnd : Starts(body, lt, "<style") ? styleEnd : null;
            var elementEnd = element?.From(close + 1) ?? -1;
            sb.Append(' ');
            i = elementEnd >= 0 ? elementEnd + element!.Length : close + 1;
        }
        return sb.ToString();
    }

    private static bool Starts(string body, int at, string name) =>
        string.Compare(body, at, name, 0, name.Length, StringComparison.OrdinalIgnoreCase) == 0
        && (at + name.Length == body.Length || !IsWordChar(body[at + name.Length]));

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    /// <summary>The next occurrence of a needle at or after a position that only moves forward; each search resumes past the last answer.</summary>
    private sealed class NextIndex(string text, string needle)
    {
        private int _found = -2; // -2: not searched yet; -1: none left

        public int Length => needle.Length;

        public int From(int position)
        {
            if (_found == -1 || (_found >= position && _found != -2)) return _found;
            _found = position >= text.Length ? -1 : text.IndexOf(needle, position, StringComparison.OrdinalIgnoreCase);
            return _found;
        }
    }
}
