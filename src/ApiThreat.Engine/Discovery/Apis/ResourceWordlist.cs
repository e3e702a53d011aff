using System.Reflection;
using System.Text.Json;

namespace ApiThreat.Engine.Discovery.Apis;

/// <summary>
/// Content discovery of API resources as data: module/data/discovery/api-resources.json (embedded in the engine), a
/// ranked list of resource paths learned from frameworks' tutorials and quickstarts (the file cites each), and the
/// resource names also asked under an API root the origin answered on. It is for an origin that looks like an API or an
/// API framework but describes nothing (no description document, no links, a bare or HTML not-found page): Standard asks
/// the first few of each list, Deep all of them. Pure: which paths to ask; the judging of answers is the discoverer's.
/// </summary>
public sealed class ResourceWordlist
{
    private const string ResourceName = "ApiThreat.Engine.Discovery.api-resources.json";
    private const int MaxEntries = 512;
    private static readonly Lazy<ResourceWordlist> s_bundled = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The engine lacks its embedded {ResourceName}.");
        return Parse(stream);
    });

    private ResourceWordlist(IReadOnlyList<string> paths, int standard, IReadOnlyList<string> names, int standardNames)
    {
        Paths = paths;
        StandardCount = Math.Clamp(standard, 0, paths.Count);
        Names = names;
        StandardNames = Math.Clamp(standardNames, 0, names.Count);
    }

    /// <summary>Resource paths at the origin's root, most likely first.</summary>
    public IReadOnlyList<string> Paths { get; }
    /// <summary>How many of <see cref="Paths"/> -Depth Standard asks.</summary>
    public int StandardCount { get; }
    /// <summary>Resource names asked under an API root that answered (/api/v1/users), most likely first.</summary>
    public IReadOnlyList<string> Names { get; }
    /// <summary>How many of <see cref="Names"/> Standard asks under each such root.</summary>
    public int StandardNames { get; }

    /// <summary>The reviewed file shipped with the module.</summary>
    public static ResourceWordlist Bundled => s_bundled.Value;

    /// <summary>Reads a wordlist file; paths must be absolute ("/users") and names single segments, else the file is refused.</summary>
    public static ResourceWordlist Parse(Stream json)
    {
        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var root = doc.RootElement;
        var paths = root.GetProperty("paths").EnumerateArray().Select(p => p.GetString() ?? "").Take(MaxEntries).ToArray();
        var names = root.TryGetProperty("names", out var n) ? n.EnumerateArray().Select(x => x.GetString() ?? "").Take(MaxEntries).ToArray() : Array.Empty<string>();
        foreach (var p in paths)
            if (!IsPath(p)) throw new FormatException($"api-resources.json: '{p}' is not an absolute path of letters, digits, '-', '_', '.' and '/'.");
        foreach (var name in names)
            if (!IsSegment(name)) throw new FormatException($"api-resources.json: '{name}' is not a single path segment.");
        return new ResourceWordlist(paths.Distinct(StringComparer.Ordinal).ToArray(), root.GetProperty("standard").GetInt32(),
            names.Distinct(StringComparer.Ordinal).ToArray(), root.TryGetProperty("standardNames", out var sn) ? sn.GetInt32() : 0);
    }

    /// <summary>
    /// The paths to ask at a depth: the root list (its first <see cref="StandardCount"/> at Standard), then the names under
    /// each API root the origin answered on, each path once and none already asked (<paramref name="asked"/>).
    /// </summary>
    public IReadOnlyList<string> For(DiscoveryDepth depth, IEnumerable<string> apiRoots, Func<string, bool>? asked = null)
    {
        if (depth < DiscoveryDepth.Standard) return Array.Empty<string>();
        var deep = depth >= DiscoveryDepth.Deep;
        var result = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(string p)
        {
            if (seen.Add(p) && (asked is null || !asked(p))) result.Add(p);
        }
        foreach (var p in deep ? Paths : Paths.Take(StandardCount)) Add(p);
        foreach (var r in apiRoots.Select(r => r.TrimEnd('/')).Where(r => r.Length > 0 && IsPath(r)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(4))
            foreach (var name in deep ? Names : Names.Take(StandardNames)) Add($"{r}/{name}");
        return result;
    }

    private static bool IsSegment(string s) => s.Length is > 0 and <= 64 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && s is not ("." or "..");

    private static bool IsPath(string p) =>
        p.Length is > 1 and <= 128 && p[0] == '/' && !p.EndsWith('/') && p[1..].Split('/').All(IsSegment);
}
