using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Discovery.Apis;

/// <summary>
/// One default path of a framework: where it serves a description, a documentation page, a script, GraphQL, a resource
/// root or one documented operation (with the methods its documentation names; GET when none).
/// </summary>
public sealed record FrameworkPath(string Path, ProbeKind Kind, bool Standard)
{
    public IReadOnlyList<string> Methods { get; init; } = new[] { "GET" };

    /// <summary>
    /// A ServerStatus entry's documented operations (method and path), which its recognised answer stands for: the
    /// product's API as its documentation lists it, never probed one by one. Empty for other kinds.
    /// </summary>
    public IReadOnlyList<(string Method, string Path)> Operations { get; init; } = Array.Empty<(string, string)>();

    /// <summary>
    /// The XML-RPC method a ServerStatus entry calls (POST of a call without parameters) instead of a GET: the standard
    /// introspection system.listMethods, a read, where the product's answer to it names the product (Supervisor).
    /// </summary>
    public string? Call { get; init; }
}

/// <summary>A framework's signals (header or body patterns of its root or not-found answers) and its default paths.</summary>
public sealed record Framework(string Name, string Source, IReadOnlyList<(string? Header, Regex Pattern)> Signals, IReadOnlyList<FrameworkPath> Paths);

/// <summary>
/// Framework defaults as data: module/data/discovery/frameworks.json (embedded in the engine, so the same reviewed file
/// serves every caller), each entry citing the framework's own documentation. A framework recognised from an origin's
/// root or not-found answer has its paths probed first at -Depth Standard; Deep probes every framework's paths;
/// paths marked standard are probed at Standard on every origin.
/// </summary>
public sealed class FrameworkDefaults
{
    private const string ResourceName = "ApiThreat.Engine.Discovery.frameworks.json";
    private static readonly Lazy<FrameworkDefaults> s_bundled = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The engine lacks its embedded {ResourceName}.");
        return Parse(stream);
    });

    private FrameworkDefaults(IReadOnlyList<Framework> frameworks) => Frameworks = frameworks;

    public IReadOnlyList<Framework> Frameworks { get; }

    /// <summary>The reviewed file shipped with the module.</summary>
    public static FrameworkDefaults Bundled => s_bundled.Value;

    public static FrameworkDefaults Parse(Stream json)
    {
        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var list = new List<Framework>();
        foreach (var f in doc.RootElement.GetProperty("frameworks").EnumerateArray())
        {
            var signals = new List<(string?, Regex)>();
            if (f.TryGetProperty("signals", out var s))
                foreach (var signal in s.EnumerateArray())
                {
                    var header = signal.TryGetProperty("header", out var h) ? h.GetString() : null;
                    var pattern = header is not null ? signal.GetProperty("pattern").GetString()! : signal.GetProperty("body").GetString()!;
                    signals.Add((header, new Regex(pattern, RegexOptions.CultureInvariant | (header is null ? RegexOptions.None : RegexOptions.IgnoreCase), TimeSpan.FromMilliseconds(50))));
                }
            var paths = f.GetProperty("paths").EnumerateArray().Select(p => new FrameworkPath(
                p.GetProperty("path").GetString()!,
                Enum.Parse<ProbeKind>(p.GetProperty("kind").GetString()!, ignoreCase: true),
                p.TryGetProperty("standard", out var std) && std.GetBoolean())
            {
                Methods = p.TryGetProperty("methods", out var m) ? m.EnumerateArray().Select(x => x.GetString()!.ToUpperInvariant()).ToArray() : new[] { "GET" },
                Call = p.TryGetProperty("call", out var call) ? call.GetString() : null,
                Operations = p.TryGetProperty("operations", out var o) ? o.EnumerateArray().Select(x => Operation(x.GetString()!)).ToArray() : Array.Empty<(string, string)>(),
            }).ToList();
            list.Add(new Framework(f.GetProperty("name").GetString()!, f.GetProperty("source").GetString()!, signals, paths));
        }
        return new FrameworkDefaults(list);
    }

    /// <summary>"POST /v3/kv/range" as (method, path).</summary>
    private static (string Method, string Path) Operation(string text)
    {
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || text[(space + 1)..] is not ['/', ..] path) throw new FormatException($"frameworks.json: an operation is \"METHOD /path\", not \"{text}\".");
        return (text[..space].ToUpperInvariant(), path);
    }

    /// <summary>The frameworks whose signals one of the answers carries (header pattern, or body pattern on its first 4 KB).</summary>
    public IReadOnlyList<Framework> Recognise(params HttpProbeResult?[] answers)
    {
        // Each answer's opening is decoded once for every framework's patterns (this runs on every origin).
        var bodies = new string?[answers.Length];
        var found = new List<Framework>();
        foreach (var framework in Frameworks)
        {
            for (var i = 0; i < answers.Length; i++)
            {
                if (answers[i] is not { } r) continue;
                if (Matches(framework, r, ref bodies[i])) { found.Add(framework); break; }
            }
        }
        return found;
    }

    private static bool Matches(Framework framework, HttpProbeResult r, ref string? body)
    {
        foreach (var (header, pattern) in framework.Signals)
        {
            try
            {
                if (header is not null)
                {
                    foreach (var h in r.Headers)
                        if (string.Equals(h.Key, header, StringComparison.OrdinalIgnoreCase) && pattern.IsMatch(h.Value)) return true;
                    continue;
                }
                body ??= r.Body.Length == 0 ? "" : System.Text.Encoding.UTF8.GetString(r.Body, 0, Math.Min(r.Body.Length, 4096)).Trim();
                if (body.Length > 0 && pattern.IsMatch(body)) return true;
            }
            catch (RegexMatchTimeoutException) { }
        }
        return false;
    }

    /// <summary>The paths to probe at a depth: at Standard the recognised frameworks' and the standard ones, at Deep all.</summary>
    public IEnumerable<(FrameworkPath Path, string Framework)> PathsFor(DiscoveryDepth depth, IReadOnlyList<Framework> recognised)
    {
        var seen = new HashSet<(string, ProbeKind)>();
        foreach (var f in recognised)
            foreach (var p in f.Paths)
                if (seen.Add((p.Path, p.Kind))) yield return (p, f.Name);
        if (depth < DiscoveryDepth.Standard) yield break;
        foreach (var f in Frameworks)
            foreach (var p in f.Paths)
                if ((p.Standard || depth >= DiscoveryDepth.Deep) && seen.Add((p.Path, p.Kind))) yield return (p, f.Name);
    }
}
