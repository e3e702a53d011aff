using System.Net;
using System.Net.Sockets;

namespace ApiThreat.Engine.Net;

/// <summary>
/// The system hosts file (/etc/hosts; %SystemRoot%\System32\drivers\etc\hosts on Windows), read as the system
/// resolver reads it: "address name [alias ...]" lines, # comments, names case-insensitive, every line that names
/// a host counted. A name the file knows resolves from it alone, before DNS, as curl and getaddrinfo do
/// (nsswitch "hosts: files dns"). The file is re-read when it changes (looked at no more than once a second).
/// </summary>
public sealed class HostsFile
{
    private const long MaxBytes = 32 * 1024 * 1024;
    private static readonly Lazy<HostsFile> s_system = new(() => new HostsFile(SystemPath()));
    private readonly object _gate = new();
    private Dictionary<string, IPAddress[]> _entries = new(StringComparer.OrdinalIgnoreCase);
    private DateTime _loadedWriteTime = DateTime.MinValue;
    private long _nextCheck;

    public HostsFile(string path) => Path = path;

    /// <summary>The file this instance reads.</summary>
    public string Path { get; }

    /// <summary>The operating system's hosts file.</summary>
    public static HostsFile System => s_system.Value;

    public static string SystemPath() => OperatingSystem.IsWindows()
        ? global::System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.System), "drivers", "etc", "hosts")
        : "/etc/hosts";

    /// <summary>The addresses the file gives the name (IPv4 first, in file order), or an empty list when it does not name it.</summary>
    public IReadOnlyList<IPAddress> Lookup(string name)
    {
        var entries = Current();
        return entries.TryGetValue(name.TrimEnd('.'), out var addresses) ? addresses : Array.Empty<IPAddress>();
    }

    private Dictionary<string, IPAddress[]> Current()
    {
        var now = Environment.TickCount64;
        if (now < Interlocked.Read(ref _nextCheck)) return _entries;
        lock (_gate)
        {
            if (now < _nextCheck) return _entries;
            _nextCheck = now + 1000;
            DateTime written;
            try { written = File.GetLastWriteTimeUtc(Path); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return _entries; }
            if (written == _loadedWriteTime) return _entries;
            _entries = Load(Path);
            _loadedWriteTime = written;
            return _entries;
        }
    }

    /// <summary>Parses a hosts file; a missing or unreadable file knows no name.</summary>
    public static Dictionary<string, IPAddress[]> Load(string path)
    {
        var lists = new Dictionary<string, List<IPAddress>>(StringComparer.OrdinalIgnoreCase);
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.Length > MaxBytes) return new(StringComparer.OrdinalIgnoreCase);
            foreach (var raw in File.ReadLines(path))
            {
                var hash = raw.IndexOf('#');
                var line = hash >= 0 ? raw[..hash] : raw;
                var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 2) continue;
                var literal = fields[0];
                var zone = literal.IndexOf('%'); // fe80::1%lo0: the zone is for the local link, not the address
                if (!IPAddress.TryParse(zone > 0 ? literal[..zone] : literal, out var address)) continue;
                for (var i = 1; i < fields.Length; i++)
                {
                    var name = fields[i].TrimEnd('.');
                    if (name.Length == 0) continue;
                    if (!lists.TryGetValue(name, out var list)) lists[name] = list = new List<IPAddress>(1);
                    if (!list.Contains(address)) list.Add(address);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return new(StringComparer.OrdinalIgnoreCase); }
        return lists.ToDictionary(kv => kv.Key,
            kv => kv.Value.OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1).ToArray(), StringComparer.OrdinalIgnoreCase);
    }
}
