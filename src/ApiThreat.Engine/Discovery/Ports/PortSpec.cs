using System.Text.RegularExpressions;

namespace ApiThreat.Engine.Discovery.Ports;

/// <summary>
/// The ports of -Port: numbers (443), ranges (8000-8100, 1-65535) and the most-often-open lists (Top100, Top1000; any
/// TopN up to the list's length), in any mix and order. A spec with a list or a range is a scan: the ports are first
/// connect-scanned and only the open ones that speak HTTP or TLS are inventoried, so closed ports are silent. A spec of
/// numbers only is probed directly, each failing port an error of its own, as before.
/// </summary>
public sealed partial class PortSpec
{
    private PortSpec(int[] ports, bool isScan, string text)
    {
        Ports = ports;
        IsScan = isScan;
        Text = text;
    }

    /// <summary>The ports, each once, most likely first (top-list order, then as given).</summary>
    public IReadOnlyList<int> Ports { get; }
    public bool IsScan { get; }
    /// <summary>The spec as given, for messages.</summary>
    public string Text { get; }

    [GeneratedRegex(@"^top(?<n>\d{1,5})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TopPattern();

    [GeneratedRegex(@"^(?<a>\d{1,5})\s*-\s*(?<b>\d{1,5})$", RegexOptions.CultureInvariant)]
    private static partial Regex RangePattern();

    /// <summary>Parses -Port values; <paramref name="topPorts"/> is the ranked list (data/ports/tcp-top-ports.txt).</summary>
    /// <exception cref="ArgumentException">A value that is not a port, a range or TopN, named with what is accepted.</exception>
    public static PortSpec Parse(IEnumerable<string> values, Func<IReadOnlyList<int>> topPorts)
    {
        var seen = new HashSet<int>();
        var ordered = new List<int>();
        var scan = false;
        var given = new List<string>();
        foreach (var value in values)
            foreach (var raw in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                given.Add(raw);
                if (TopPattern().Match(raw) is { Success: true } top)
                {
                    var list = topPorts();
                    var n = int.Parse(top.Groups["n"].Value);
                    if (n < 1 || n > list.Count) throw new ArgumentException($"-Port '{raw}': the ranked list has {list.Count} ports; give Top1 to Top{list.Count}.");
                    foreach (var p in list.Take(n)) if (seen.Add(p)) ordered.Add(p);
                    scan = true;
                }
                else if (RangePattern().Match(raw) is { Success: true } range)
                {
                    var a = int.Parse(range.Groups["a"].Value);
                    var b = int.Parse(range.Groups["b"].Value);
                    if (a < 1 || b > 65535 || a > b) throw new ArgumentException($"-Port '{raw}' is not a range of ports (1-65535, low to high).");
                    for (var p = a; p <= b; p++) if (seen.Add(p)) ordered.Add(p);
                    scan |= b > a;
                }
                else if (int.TryParse(raw, out var port) && port is >= 1 and <= 65535)
                {
                    if (seen.Add(port)) ordered.Add(port);
                }
                else throw new ArgumentException(
                    $"-Port '{Shown(raw)}' is not a port: give numbers (443), ranges (8000-8100, 1-65535) or Top100/Top1000.");
            }
        if (ordered.Count == 0) throw new ArgumentException("-Port names no port.");
        return new PortSpec(ordered.ToArray(), scan, string.Join(",", given));
    }

    /// <summary>Reads the ranked list: port numbers separated by white space; # starts a comment line.</summary>
    public static IReadOnlyList<int> LoadRanked(string path)
    {
        var ports = new List<int>();
        foreach (var line in File.ReadLines(path))
        {
            if (line.TrimStart().StartsWith('#')) continue;
            foreach (var token in line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
                ports.Add(int.TryParse(token, out var p) && p is >= 1 and <= 65535 ? p
                    : throw new InvalidDataException($"The port list '{path}' holds '{Shown(token)}', which is not a port."));
        }
        return ports.Count > 0 ? ports : throw new InvalidDataException($"The port list '{path}' holds no port.");
    }

    private static string Shown(string text) => ApiThreat.Engine.Text.TextSafety.StripControl(ApiThreat.Engine.Text.TextSafety.Truncate(text, 40));

    public override string ToString() => Text;
}
