using System.Text.Json;
using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// ATR-EXPO-041: Bull Board answering its API without credentials. Asked only of an origin that said it is Bull Board
/// (its page's title "Bull Dashboard", or a board's /api/queues in the inventory), with one GET of &lt;base&gt;/api/queues
/// (https://github.com/felixmosh/bull-board, packages/api/src/routes.ts): queue names, job counts and whether the board
/// is in readOnlyMode, never a job's data. No PUT (retry, promote, clean, empty, obliterate) is ever sent. Behind
/// express-basic-auth it answers 401.
/// </summary>
public sealed class BullBoardOpenCheck : IAsyncCheck<ApiProbe>
{
    private const string QueuesPath = "/api/queues";

    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { NodeToolRules.OpenBullBoard };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiProbe probe, CancellationToken cancellationToken)
    {
        if (Base(probe) is not { } boardBase) return Array.Empty<Finding>();
        var path = boardBase + QueuesPath;
        var answer = await probe.SendAsync(new Uri(ApiProbe.Origin(probe.Request.Url), path), followRedirects: false, maxBodyBytes: 2 * 1024 * 1024).ConfigureAwait(false);
        if (answer is not { StatusCode: 200 } || answer.BodyTruncated || Read(answer.Body) is not { } queues) return Array.Empty<Finding>();
        var readOnly = queues.Count > 0 && queues.All(q => q.ReadOnly);
        var counts = queues.SelectMany(q => q.Counts).GroupBy(c => c.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, Sum: g.Sum(c => c.Value))).Where(c => c.Sum > 0).OrderBy(c => c.Key, StringComparer.Ordinal).ToArray();
        var names = queues.Select(q => q.Name).Take(10).ToArray();
        var parts = new List<string>
        {
            $"GET {path} answered 200 without credentials: {queues.Count} queue(s)" + (names.Length > 0 ? $" ({string.Join(", ", names)}{(queues.Count > names.Length ? ", ..." : "")})" : "")
                + $" with {counts.Sum(c => c.Sum)} job(s)" + (counts.Length > 0 ? $" ({string.Join(", ", counts.Select(c => $"{c.Key} {c.Sum}"))})" : ""),
            readOnly
                ? "the board is in readOnlyMode: the jobs' data is readable, no job control"
                : "readOnlyMode is off: anyone can pause queues and retry, promote, clean, empty or obliterate their jobs (nothing was sent)",
        };
        return new[] { probe.Finding(NodeToolRules.OpenBullBoard, path, string.Join("; ", parts), Confidence.Confirmed, severity: readOnly ? Severity.Medium : null) };
    }

    /// <summary>The board's base path ("/admin/queues" in its README) when the origin said it is Bull Board; null otherwise.</summary>
    private static string? Base(ApiProbe probe)
    {
        foreach (var op in probe.Request.Operations)
            if (op.Path.EndsWith(QueuesPath, StringComparison.Ordinal) && op.Path.Length <= 200 && op.Path.Length > QueuesPath.Length) return op.Path[..^QueuesPath.Length];
        var seen = new[] { probe.Baseline, probe.Soft404 }.Concat(probe.Responses.Select(x => x.Response));
        foreach (var r in seen)
            if (IsPage(r) && r!.FinalUri.AbsolutePath.TrimEnd('/') is { Length: > 0 and <= 200 } p) return p;
        return null;
    }

    /// <summary>Its page (packages/ui/src/index.ejs): titled "Bull Dashboard" unless the board's uiConfig renames it.</summary>
    public static bool IsPage(HttpProbeResult? r) => r is { StatusCode: 200 } && r.Body.Length < 64 * 1024 && LoginPage.IsHtml(r)
        && r.Text.Contains("<title>Bull Dashboard</title>", StringComparison.Ordinal);

    /// <summary>One queue of the board: its name, its job counts by status, whether the board may change it.</summary>
    public sealed record Queue(string Name, IReadOnlyList<KeyValuePair<string, long>> Counts, bool ReadOnly);

    /// <summary>The queues of a /api/queues answer ({"queues":[{"name":...,"counts":{...},"readOnlyMode":false}]}); null when it is not one.</summary>
    public static IReadOnlyList<Queue>? Read(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("queues", out var queues) || queues.ValueKind != JsonValueKind.Array)
                return null;
            var read = new List<Queue>();
            foreach (var q in queues.EnumerateArray().Take(1000))
            {
                if (q.ValueKind != JsonValueKind.Object || !q.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
                    || !q.TryGetProperty("counts", out var counts) || counts.ValueKind != JsonValueKind.Object) return null;
                var byStatus = counts.EnumerateObject().Take(20)
                    .Where(c => c.Value.ValueKind == JsonValueKind.Number && c.Value.TryGetInt64(out _) && c.Name.Length <= 30 && c.Name.All(ch => char.IsAsciiLetterLower(ch) || ch == '-'))
                    .Select(c => new KeyValuePair<string, long>(c.Name, c.Value.GetInt64())).ToArray();
                var readOnly = q.TryGetProperty("readOnlyMode", out var ro) && ro.ValueKind == JsonValueKind.True;
                read.Add(new Queue(TextSafety.Truncate(TextSafety.StripControl(name.GetString()), 60), byStatus, readOnly));
            }
            return read;
        }
        catch (JsonException) { return null; }
    }
}
