namespace ApiThreat.Engine.Text;

/// <summary>
/// A multi-string matcher (Aho–Corasick) over lower-case ASCII literals: one pass over a text tells which of
/// thousands of literals occur in it, and where. Technology detection uses it to run only the regexes whose required
/// literal is present, the secret scanner to run a detector's regex only around its keywords, so scanning cost grows
/// with the text, not with the number of patterns. Input is compared ASCII-case-insensitively.
/// </summary>
public sealed class AhoCorasick
{
    private readonly int[] _classOf = new int[128]; // char → alphabet class (0 = a char no literal uses)
    private readonly int _classes;
    // state * _classes + class → the next state's row (next * _classes), its sign bit set when literals end there:
    // the scan loop then needs no multiply and reads the output table only at a hit.
    private readonly int[] _next;
    private readonly int[][] _outputs;               // state → literal ids ending here (suffix links folded in)

    public AhoCorasick(IReadOnlyList<string> literals)
    {
        var classes = 1;
        foreach (var literal in literals)
            foreach (var c in literal)
                if (c < 128 && _classOf[c] == 0) _classOf[c] = classes++;
        _classes = classes;

        // Trie.
        var children = new List<int[]> { new int[classes] };
        var outputs = new List<List<int>> { new() };
        for (var id = 0; id < literals.Count; id++)
        {
            var state = 0;
            foreach (var c in literals[id])
            {
                var cls = c < 128 ? _classOf[c] : 0;
                if (children[state][cls] == 0)
                {
                    children.Add(new int[classes]);
                    outputs.Add(new List<int>());
                    children[state][cls] = children.Count - 1;
                }
                state = children[state][cls];
            }
            outputs[state].Add(id);
        }

        // Breadth-first failure links, turning the trie into a full transition table.
        var fail = new int[children.Count];
        var queue = new Queue<int>();
        for (var cls = 0; cls < classes; cls++)
            if (children[0][cls] != 0) queue.Enqueue(children[0][cls]);
        while (queue.Count > 0)
        {
            var state = queue.Dequeue();
            outputs[state].AddRange(outputs[fail[state]]);
            for (var cls = 0; cls < classes; cls++)
            {
                var child = children[state][cls];
                if (child != 0)
                {
                    fail[child] = children[fail[state]][cls];
                    queue.Enqueue(child);
                }
                else children[state][cls] = children[fail[state]][cls];
            }
        }
        _outputs = outputs.Select(o => o.Distinct().ToArray()).ToArray();
        _next = new int[children.Count * classes];
        for (var s = 0; s < children.Count; s++)
            for (var cls = 0; cls < classes; cls++)
            {
                var to = children[s][cls];
                _next[s * classes + cls] = to * classes | (_outputs[to].Length > 0 ? int.MinValue : 0);
            }
    }

    public int StateCount => _outputs.Length;

    /// <summary>Marks in <paramref name="found"/> every literal that occurs in <paramref name="text"/> (compared lower-case).</summary>
    public void Scan(ReadOnlySpan<char> text, bool[] found)
    {
        var row = 0;
        var next = _next;
        var classOf = _classOf;
        var width = _classes;
        foreach (var ch in text)
        {
            var cls = 0;
            if (ch < 128) cls = classOf[(uint)(ch - 'A') <= 'Z' - 'A' ? ch | 0x20 : ch];
            var to = next[row + cls];
            row = to & int.MaxValue;
            if (to >= 0) continue;
            var outs = _outputs[row / width];
            for (var i = 0; i < outs.Length; i++) found[outs[i]] = true;
        }
    }

    /// <summary>
    /// Adds to <paramref name="hits"/> every occurrence in <paramref name="text"/>: the literal's id and the index just
    /// past its last character. Stops adding at <paramref name="max"/> hits (hostile input full of keywords); returns
    /// false when it stopped early.
    /// </summary>
    public bool FindAll(ReadOnlySpan<char> text, List<(int Id, int End)> hits, int max = int.MaxValue)
    {
        var row = 0;
        var next = _next;
        var classOf = _classOf;
        var width = _classes;
        var outputs = _outputs;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            var cls = 0;
            if (ch < 128) cls = classOf[(uint)(ch - 'A') <= 'Z' - 'A' ? ch | 0x20 : ch];
            var to = next[row + cls];
            row = to & int.MaxValue;
            if (to >= 0) continue;
            foreach (var id in outputs[row / width])
            {
                if (hits.Count >= max) return false;
                hits.Add((id, i + 1));
            }
        }
        return true;
    }
}
