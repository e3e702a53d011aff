using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Hijack.Observatory;

/// <summary>
/// The HSTS preload list as the HTTP Observatory uses it (src/analyzer/hsts.js): a host is preloaded when the list
/// names it with mode force-https, or names a parent domain with force-https and include_subdomains. Read from
/// Chromium's net/http/transport_security_state_static.json (// comments allowed, pinsets ignored) or from the
/// module's copy in the same format (data/hsts/hsts-preload.json), which keeps only the force-https entries and
/// adds "date" and "source". The list is hostile input too: size and entry counts are capped.
/// </summary>
public sealed class HstsPreloadList
{
    public const string FileName = "hsts-preload.json";
    private const long MaxFileBytes = 64L * 1024 * 1024;
    private const int MaxEntries = 2_000_000;
    private static readonly JsonDocumentOptions s_json = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 16 };
    private static readonly ConcurrentDictionary<string, (DateTime Stamp, long Length, HstsPreloadList List)> s_cache = new(StringComparer.Ordinal);

    /// <summary>name (lower-case) -> include_subdomains, force-https entries only.</summary>
    private readonly Dictionary<string, bool> _entries;

    private HstsPreloadList(Dictionary<string, bool> entries, DateOnly? date, string source, string? path)
    {
        _entries = entries;
        Date = date;
        Source = source;
        Path = path;
    }

    public static HstsPreloadList Empty { get; } = new(new Dictionary<string, bool>(), null, "none", null);

    /// <summary>The date of the snapshot (its "date", else the file's modification date), or null for the empty list.</summary>
    public DateOnly? Date { get; }
    public string Source { get; }
    public string? Path { get; }
    public int Count => _entries.Count;

    /// <summary>The Observatory's isHstsPreloaded: the exact name with force-https, else a parent with force-https and include_subdomains.</summary>
    public bool IsPreloaded(string host)
    {
        if (_entries.Count == 0 || string.IsNullOrEmpty(host)) return false;
        var name = host.TrimEnd('.').ToLowerInvariant();
        if (_entries.ContainsKey(name)) return true;
        for (var dot = name.IndexOf('.'); dot >= 0; dot = name.IndexOf('.', dot + 1))
            if (_entries.TryGetValue(name[(dot + 1)..], out var subdomains) && subdomains) return true;
        return false;
    }

    /// <summary>The list in a file, read once per process while the file is unchanged.</summary>
    public static HstsPreloadList Load(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var info = new FileInfo(full);
        if (!info.Exists) throw new FileNotFoundException($"HSTS preload list '{path}' does not exist.", full);
        if (s_cache.TryGetValue(full, out var hit) && hit.Stamp == info.LastWriteTimeUtc && hit.Length == info.Length) return hit.List;
        var list = ReadFile(full);
        s_cache[full] = (info.LastWriteTimeUtc, info.Length, list);
        return list;
    }

    /// <summary>Reads a list file (no cache), dated by its "date" or else its modification date.</summary>
    public static HstsPreloadList ReadFile(string path)
    {
        var info = new FileInfo(path);
        if (info.Length > MaxFileBytes) throw new InvalidDataException($"'{path}' is larger than {MaxFileBytes / (1024 * 1024)} MB: not an HSTS preload list.");
        return Parse(File.ReadAllBytes(path), DateOnly.FromDateTime(info.LastWriteTimeUtc), info.FullName);
    }

    /// <summary>Parses Chromium's format (or the module's); <paramref name="fallbackDate"/> dates a file that states none.</summary>
    public static HstsPreloadList Parse(ReadOnlyMemory<byte> json, DateOnly? fallbackDate, string? path = null)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json, s_json); }
        catch (JsonException ex) { throw new InvalidDataException($"not an HSTS preload list: {ex.Message}", ex); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("entries", out var entries) || entries.ValueKind != JsonValueKind.Array)
                throw new InvalidDataException("not an HSTS preload list: no \"entries\" array (Chromium's transport_security_state_static.json has one).");
            var map = new Dictionary<string, bool>(StringComparer.Ordinal);
            var named = 0;
            foreach (var e in entries.EnumerateArray())
            {
                if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("name", out var n) || n.ValueKind != JsonValueKind.String) continue;
                if (++named > MaxEntries) throw new InvalidDataException($"more than {MaxEntries} entries: not an HSTS preload list.");
                var name = n.GetString()!.Trim().ToLowerInvariant();
                if (name.Length is 0 or > 253) continue;
                var mode = e.TryGetProperty("mode", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                var subdomains = e.TryGetProperty("include_subdomains", out var s) && s.ValueKind == JsonValueKind.True;
                // The last entry for a name wins, as in the Observatory's map; only force-https entries preload.
                if (mode == "force-https") map[name] = subdomains;
                else map.Remove(name);
            }
            if (named == 0) throw new InvalidDataException("not an HSTS preload list: \"entries\" names no host.");
            var date = root.TryGetProperty("date", out var d) && d.ValueKind == JsonValueKind.String
                && DateOnly.TryParseExact(d.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var stated) ? stated : fallbackDate;
            var source = root.TryGetProperty("source", out var src) && src.ValueKind == JsonValueKind.String
                ? TextSafety.Truncate(src.GetString()!, 300) : "Chromium transport_security_state_static.json";
            return new HstsPreloadList(map, date, source, path);
        }
    }

    /// <summary>Whether a file looks like a preload list (an "entries" array of objects with "name" and "mode" or "policy") without parsing it all.</summary>
    public static bool LooksLikePreloadList(string path)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[(int)Math.Min(stream.Length, 4 * 1024 * 1024)];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var head = Encoding.UTF8.GetString(buffer, 0, read);
        return head.Contains("\"entries\"", StringComparison.Ordinal) && head.Contains("\"name\"", StringComparison.Ordinal)
            && (head.Contains("\"mode\"", StringComparison.Ordinal) || head.Contains("\"policy\"", StringComparison.Ordinal));
    }

    /// <summary>Writes the module's format (Chromium's, force-https entries only, dated) atomically.</summary>
    public void Write(string destination, string description)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(destination))!;
        Directory.CreateDirectory(directory);
        var temp = System.IO.Path.Combine(directory, "." + System.IO.Path.GetFileName(destination) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (var stream = File.Create(temp))
            {
                var header = Encoding.UTF8.GetBytes(
                    "// ApiThreat HSTS preload list: Chromium's net/http/transport_security_state_static.json format, comments stripped,\n" +
                    "// only entries with mode force-https (name, mode, include_subdomains). Written by Update-ApiThreatData.\n");
                stream.Write(header);
                using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false });
                writer.WriteStartObject();
                writer.WriteString("date", (Date ?? DateOnly.FromDateTime(DateTime.UtcNow)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                writer.WriteString("source", description);
                writer.WriteStartArray("entries");
                foreach (var (name, subdomains) in _entries.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", name);
                    writer.WriteString("mode", "force-https");
                    if (subdomains) writer.WriteBoolean("include_subdomains", true);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            File.Move(temp, destination, overwrite: true);
        }
        finally { if (File.Exists(temp)) File.Delete(temp); }
    }
}
