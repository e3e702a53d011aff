namespace ApiThreat.Engine.DigitalRisk.Lookalike;

/// <summary>
/// Keys next to each key on QWERTY, QWERTZ and AZERTY keyboards (typos hit a neighbour). Neighbours are computed
/// from the rows and their stagger instead of being listed by hand: same row left and right, and the keys of the rows
/// above and below whose centres are less than one key width away.
/// </summary>
public static class Keyboards
{
    // Row stagger of a typical keyboard, in key widths: digits 0, top 0.5, home 0.75, bottom 1.25.
    private static readonly double[] s_offsets = { 0, 0.5, 0.75, 1.25 };

    private static readonly string[][] s_layouts =
    {
        new[] { "1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm" },
        new[] { "1234567890", "qwertzuiop", "asdfghjkl", "yxcvbnm" },
        new[] { "1234567890", "azertyuiop", "qsdfghjklm", "wxcvbn" },
    };

    /// <summary>Neighbours of each key, one map per layout.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<char, string>> Layouts { get; } = s_layouts.Select(Build).ToArray();

    private static IReadOnlyDictionary<char, string> Build(string[] rows)
    {
        var map = new Dictionary<char, string>();
        for (var r = 0; r < rows.Length; r++)
            for (var c = 0; c < rows[r].Length; c++)
            {
                var x = c + s_offsets[r];
                var near = new List<char>();
                if (c + 1 < rows[r].Length) near.Add(rows[r][c + 1]);
                if (c > 0) near.Add(rows[r][c - 1]);
                foreach (var other in new[] { r - 1, r + 1 })
                {
                    if (other < 0 || other >= rows.Length) continue;
                    for (var k = 0; k < rows[other].Length; k++)
                        if (Math.Abs(k + s_offsets[other] - x) < 1) near.Add(rows[other][k]);
                }
                map[rows[r][c]] = new string(near.ToArray());
            }
        return map;
    }
}
