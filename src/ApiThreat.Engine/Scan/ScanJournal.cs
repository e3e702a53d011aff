using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ApiThreat.Engine.Scan;

/// <summary>
/// The resume file of Invoke-ApiThreatScan: JSON Lines, appended and flushed as work completes. A "result" line
/// carries one stage output; a "done" line marks a stage finished for a set of targets. On resume, targets marked
/// done are not probed again and their results are restored; results of unfinished targets are discarded.
/// </summary>
public sealed class ScanJournal : IDisposable
{
    private static readonly JsonSerializerSettings s_settings = new()
    {
        NullValueHandling = NullValueHandling.Ignore,
        DateParseHandling = DateParseHandling.DateTimeOffset,
        MaxDepth = 64,
    };

    private readonly Dictionary<(string Stage, string Target), List<object>> _results = new();
    private readonly HashSet<(string Stage, string Target)> _done = new();
    private readonly StreamWriter _writer;
    private readonly object _gate = new();

    private ScanJournal(string path, StreamWriter writer)
    {
        Path = path;
        _writer = writer;
    }

    public string Path { get; }
    public int RestoredTargets => _done.Count;

    /// <summary>Opens (creating it if absent) and replays a journal. Lines that do not parse (a torn last write) are skipped.</summary>
    public static ScanJournal Open(string path)
    {
        var pending = new List<(string Stage, string Target, object Item)>();
        var done = new List<(string, string)>();
        if (File.Exists(path))
        {
            foreach (var line in File.ReadLines(path))
            {
                JObject entry;
                try { entry = JObject.Parse(line); } catch (JsonException) { continue; }
                var kind = (string?)entry["kind"];
                var stage = (string?)entry["stage"] ?? "";
                if (kind == "done")
                    foreach (var t in entry["targets"]?.Values<string>() ?? Enumerable.Empty<string>()) done.Add((stage, t!));
                else if (kind == "result" && ModelType((string?)entry["type"]) is { } type && entry["data"] is JObject data)
                {
                    try { pending.Add((stage, (string?)entry["target"] ?? "", data.ToObject(type, JsonSerializer.Create(s_settings))!)); }
                    catch (JsonException) { }
                }
            }
        }
        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        var journal = new ScanJournal(path, new StreamWriter(stream) { AutoFlush = false });
        foreach (var d in done) journal._done.Add(d);
        foreach (var (stage, target, item) in pending)
        {
            if (!journal._done.Contains((stage, target))) continue;
            if (!journal._results.TryGetValue((stage, target), out var list)) journal._results[(stage, target)] = list = new List<object>();
            list.Add(item);
        }
        return journal;
    }

    public bool IsDone(string stage, string target) => _done.Contains((stage, target.ToLowerInvariant()));

    public IEnumerable<object> Restored(string stage) =>
        _results.Where(kv => kv.Key.Stage == stage).SelectMany(kv => kv.Value);

    public void Result(string stage, string target, object item)
    {
        var line = new JObject
        {
            ["kind"] = "result",
            ["stage"] = stage,
            ["target"] = target.ToLowerInvariant(),
            ["type"] = item.GetType().FullName,
            ["data"] = JObject.FromObject(item, JsonSerializer.Create(s_settings)),
        }.ToString(Formatting.None);
        lock (_gate) _writer.WriteLine(line);
    }

    public void Done(string stage, IEnumerable<string> targets)
    {
        var list = targets.Select(t => t.ToLowerInvariant()).Distinct().ToArray();
        if (list.Length == 0) return;
        var line = new JObject { ["kind"] = "done", ["stage"] = stage, ["targets"] = new JArray(list) }.ToString(Formatting.None);
        lock (_gate)
        {
            _writer.WriteLine(line);
            _writer.Flush();
            foreach (var t in list) _done.Add((stage, t));
        }
    }

    private static Type? ModelType(string? name) =>
        name is not null && name.StartsWith("ApiThreat.", StringComparison.Ordinal) && !name.Contains(',')
            ? typeof(Finding).Assembly.GetType(name, throwOnError: false)
            : null;

    public void Dispose()
    {
        lock (_gate) _writer.Dispose();
    }
}
