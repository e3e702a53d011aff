using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ApiThreat.Engine.Scan;

/// <summary>
/// The resume file of a scan (-ResumeFrom): JSON Lines, one line per finished unit of work, keyed by what the stage
/// iterates (a domain, a host, host:port, a URL, an address), holding every object that unit produced and a note
/// (e.g. whether the host answered). A line is whole or ignored: each is written after a newline (so a torn last
/// write never glues onto the next line) and the file is fsync'd in groups, at most 100 ms after an append and on
/// close. On resume, finished units are not probed again and their objects are restored exactly.
/// </summary>
public sealed class ScanJournal : IDisposable
{
    private static readonly JsonSerializerSettings s_settings = new()
    {
        NullValueHandling = NullValueHandling.Ignore,
        DateParseHandling = DateParseHandling.DateTimeOffset,
        DateTimeZoneHandling = DateTimeZoneHandling.RoundtripKind,
        MaxDepth = 64,
        TypeNameHandling = TypeNameHandling.None, // the journal names model types itself; never let the file choose
    };
    private static readonly JsonSerializer s_serializer = JsonSerializer.Create(s_settings);

    private readonly Dictionary<(string Stage, string Key), Unit> _done = new();
    private readonly FileStream _stream;
    private readonly object _gate = new();
    private readonly Timer _flusher;
    private bool _dirty;
    private bool _disposed;

    /// <summary>What a finished unit of work left: its objects and its note.</summary>
    public sealed record Unit(IReadOnlyList<object> Items, string? Note);

    private ScanJournal(string path, FileStream stream)
    {
        Path = path;
        _stream = stream;
        _flusher = new Timer(_ => FlushToDisk(), null, 100, 100);
    }

    public string Path { get; }

    /// <summary>Units restored from the file when it was opened.</summary>
    public int RestoredUnits { get; private set; }

    /// <summary>Opens (creating it if absent) and replays a journal. A line that does not parse (a torn write) is ignored: its unit runs again.</summary>
    public static ScanJournal Open(string path)
    {
        var restored = new Dictionary<(string, string), Unit>();
        if (File.Exists(path))
        {
            foreach (var line in File.ReadLines(path))
            {
                if (line.Length == 0) continue;
                if (Parse(line) is { } entry) restored[(entry.Stage, entry.Key)] = entry.Unit;
            }
        }
        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        var journal = new ScanJournal(path, stream);
        foreach (var (key, unit) in restored) journal._done[key] = unit;
        journal.RestoredUnits = restored.Count;
        return journal;
    }

    private static (string Stage, string Key, Unit Unit)? Parse(string line)
    {
        try
        {
            var entry = JObject.Parse(line);
            if ((string?)entry["kind"] != "unit") return null;
            var stage = (string?)entry["stage"];
            var key = (string?)entry["key"];
            if (stage is null || key is null) return null;
            var items = new List<object>();
            foreach (var item in entry["items"] as JArray ?? new JArray())
            {
                // A type this version does not know makes the unit run again rather than come back incomplete.
                if (ModelType((string?)item["type"]) is not { } type || item["data"] is not JObject data) return null;
                items.Add(data.ToObject(type, s_serializer)!);
            }
            return (stage, key, new Unit(items, (string?)entry["note"]));
        }
        catch (JsonException) { return null; }
        catch (ArgumentException) { return null; }
        catch (FormatException) { return null; }
    }

    public bool TryGet(string stage, string key, out Unit unit)
    {
        lock (_gate) return _done.TryGetValue((stage, Normalize(key)), out unit!);
    }

    /// <summary>Records a finished unit: every object it produced and an optional note, as one line.</summary>
    public void Record(string stage, string key, IEnumerable<object> items, string? note = null)
    {
        var list = items.ToList();
        var entry = new JObject
        {
            ["kind"] = "unit",
            ["stage"] = stage,
            ["key"] = Normalize(key),
            ["items"] = new JArray(list.Select(i => new JObject
            {
                ["type"] = i.GetType().FullName,
                ["data"] = JObject.FromObject(i, s_serializer),
            })),
        };
        if (note is not null) entry["note"] = note;
        var bytes = Encoding.UTF8.GetBytes("\n" + entry.ToString(Formatting.None));
        lock (_gate)
        {
            if (_disposed) return;
            _stream.Write(bytes);
            _stream.Flush(flushToDisk: false);
            _dirty = true;
            _done[(stage, Normalize(key))] = new Unit(list, note);
        }
    }

    private void FlushToDisk()
    {
        lock (_gate)
        {
            if (!_dirty || _disposed) return;
            _stream.Flush(flushToDisk: true);
            _dirty = false;
        }
    }

    private static string Normalize(string key) => key.Trim().ToLowerInvariant();

    private static Type? ModelType(string? name) =>
        name is not null && name.StartsWith("ApiThreat.", StringComparison.Ordinal) && !name.Contains(',') && !name.Contains('+')
            ? typeof(Finding).Assembly.GetType(name, throwOnError: false)
            : null;

    public void Dispose()
    {
        _flusher.Dispose();
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _stream.Flush(flushToDisk: true);
            _stream.Dispose();
        }
    }
}
