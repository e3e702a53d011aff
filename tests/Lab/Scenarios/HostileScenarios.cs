using System.IO.Compression;
using System.Text;
using ApiThreat.Lab.Dns;
using Microsoft.AspNetCore.Http;

namespace ApiThreat.Lab.Scenarios;

/// <summary>
/// The hostile wing: servers that stall, flood, bomb, lie and loop. Expectation for every one: the scan finishes within
/// its time budget, memory stays under the caps, the target yields a (capped) result or a clear per-target error, and no
/// other target is affected. Raw-byte behaviours answer on LabContext.RawHttpPort.
/// </summary>
[ScenarioSet]
public static class HostileScenarios
{
    private static readonly Lazy<byte[]> s_gzipBomb = new(() => Bomb(s => new GZipStream(s, CompressionLevel.Fastest)));
    private static readonly Lazy<byte[]> s_brotliBomb = new(() => Bomb(s => new BrotliStream(s, CompressionLevel.Fastest)));

    public static IEnumerable<LabScenario> Scenarios(LabContext lab)
    {
        // ---- Kestrel (HTTP and HTTPS ports)
        yield return Hostile("hostile-endless-body", "Streams a body that never ends.", async ctx =>
        {
            ctx.Response.ContentType = "text/html";
            var chunk = Encoding.ASCII.GetBytes(new string('A', 64 * 1024));
            while (!ctx.RequestAborted.IsCancellationRequested) await ctx.Response.Body.WriteAsync(chunk, ctx.RequestAborted);
        });
        yield return Hostile("hostile-gzip-bomb", "200 MB of zeros gzip-compressed to a few hundred KB.", ctx => Compressed(ctx, "gzip", s_gzipBomb.Value));
        yield return Hostile("hostile-brotli-bomb", "200 MB of zeros brotli-compressed to a few KB.", ctx => Compressed(ctx, "br", s_brotliBomb.Value));
        yield return Hostile("hostile-redirect-chain", "A chain of 30 redirects on the same host.", ctx =>
        {
            var path = ctx.Request.Path.Value ?? "/";
            var n = path.StartsWith("/hop/") && int.TryParse(path[5..], out var i) ? i : 0;
            if (n >= 30) return ctx.Response.WriteAsync("end of chain");
            return FoundationScenarios.Redirect(ctx, $"/hop/{n + 1}");
        });
        yield return Hostile("hostile-invalid-utf8", "A page whose title is invalid UTF-8 with NUL bytes.", async ctx =>
        {
            ctx.Response.ContentType = "text/html; charset=utf-8";
            var bytes = new List<byte>();
            bytes.AddRange(Encoding.ASCII.GetBytes("<html><head><title>bad"));
            bytes.AddRange(new byte[] { 0xFF, 0xFE, 0x00, 0xC3, 0x28, 0x1B });
            bytes.AddRange(Encoding.ASCII.GetBytes("[31mred</title></head><body>\0\0</body></html>"));
            await ctx.Response.Body.WriteAsync(bytes.ToArray());
        });
        yield return Hostile("hostile-many-scripts", "HTML with 100,000 script tags.", ctx =>
        {
            ctx.Response.ContentType = "text/html";
            var sb = new StringBuilder("<html><head><title>scripts</title>");
            for (var i = 0; i < 100_000; i++) sb.Append("<script src=\"/s").Append(i).Append(".js\"></script>");
            return ctx.Response.WriteAsync(sb.Append("</head></html>").ToString());
        });

        // ---- Raw bytes (LabContext.RawHttpPort)
        yield return Raw("hostile-slow-headers", "Slowloris: the status line, then one header byte per second, forever.", async (s, ct) =>
        {
            await Write(s, "HTTP/1.1 200 OK\r\nX-Slow: ", ct);
            while (!ct.IsCancellationRequested) { await Write(s, "a", ct); await Task.Delay(1000, ct); }
        });
        yield return Raw("hostile-slow-body", "Headers at once, then a 10,000-byte body at one byte per second.", async (s, ct) =>
        {
            await Write(s, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 10000\r\n\r\n", ct);
            while (!ct.IsCancellationRequested) { await Write(s, "b", ct); await Task.Delay(1000, ct); }
        });
        yield return Raw("hostile-huge-length", "Declares a 10 GB body and streams zeros.", async (s, ct) =>
        {
            await Write(s, "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 10000000000\r\n\r\n", ct);
            var zeros = new byte[64 * 1024];
            while (!ct.IsCancellationRequested) await s.WriteAsync(zeros, ct);
        });
        yield return Raw("hostile-many-headers", "100,000 response headers.", async (s, ct) =>
        {
            var sb = new StringBuilder("HTTP/1.1 200 OK\r\n");
            for (var i = 0; i < 100_000; i++) sb.Append("X-H").Append(i).Append(": v\r\n");
            await Write(s, sb.Append("Content-Length: 2\r\n\r\nok").ToString(), ct);
        });
        yield return Raw("hostile-huge-header", "One response header line of 1 MB.", async (s, ct) =>
        {
            await Write(s, "HTTP/1.1 200 OK\r\nX-Big: " + new string('x', 1024 * 1024) + "\r\nContent-Length: 2\r\n\r\nok", ct);
        });
        yield return Raw("hostile-ansi-banner", "A Server banner and title carrying ANSI escapes and NUL bytes (terminal injection).", async (s, ct) =>
        {
            var body = "<html><head><title>\u001b]0;pwned\u0007\u001b[2J\u001b[31mEVIL</title></head></html>";
            await Write(s, $"HTTP/1.1 200 OK\r\nServer: \u001b[31mnginx\u001b[0m\u0007\r\nX-Note: \u001b[2J\u001b]0;pwned\u0007note\r\nContent-Type: text/html\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}", ct);
        });
        yield return Raw("hostile-garbage", "Answers with bytes that are not HTTP.", async (s, ct) =>
        {
            await s.WriteAsync(new byte[] { 0x16, 0x03, 0x01, 0x00, 0x00, 0xDE, 0xAD, 0xBE, 0xEF, 0x0D, 0x0A, 0x0D, 0x0A }, ct);
        });

        // ---- DNS
        yield return new LabScenario
        {
            Name = "hostile-cname-loop",
            Area = "Hostile",
            Description = "A CNAME loop: a -> b -> a.",
            Records = new[] { LabRecord.Cname($"hostile-cname-loop.{lab.Zone}", $"loop-b.{lab.Zone}") },
            ExtraRecords = new[] { LabRecord.Cname($"loop-b.{lab.Zone}", $"hostile-cname-loop.{lab.Zone}") },
        };
        yield return new LabScenario
        {
            Name = "hostile-bogus-a",
            Area = "Hostile",
            Description = "An A record whose RDATA is 3 bytes long (malformed).",
            Records = new[] { new LabRecord($"hostile-bogus-a.{lab.Zone}", RecordType.A, new byte[] { 127, 0, 0 }) },
        };
        yield return new LabScenario
        {
            Name = "hostile-oversized-txt",
            Area = "Hostile",
            Description = "A 30 KB TXT record (only TCP can carry it).",
            ExtraRecords = new[] { LabRecord.Txt($"hostile-oversized-txt.{lab.Zone}", new string('t', 30_000)) },
        };
        foreach (var s in ScopeScenarios(lab)) yield return s;
    }

    /// <summary>Loopback addresses of the many-address name: tests blackhole them (a full accept queue drops SYNs).</summary>
    public static IEnumerable<string> ManyAddresses() => Enumerable.Range(1, 100).Select(i => $"127.0.1.{i}");

    /// <summary>Where the out-of-scope CNAME points: a name of the "somebody else's" zone, on loopback.</summary>
    public const string OutOfScopeTarget = "oos-target." + LabHost.OutsideZone;

    /// <summary>The metadata stand-in the CNAME below aims at: tests declare this loopback address "metadata".</summary>
    public const string MetadataStandIn = "127.0.0.254";

    /// <summary>Hostile DNS: a CNAME out of the scope, a CNAME to a metadata stand-in, and a name with 100 addresses.</summary>
    private static IEnumerable<LabScenario> ScopeScenarios(LabContext lab)
    {
        yield return new LabScenario
        {
            Name = "hostile-cname-out-of-scope",
            Area = "Hostile",
            Description = $"An in-scope name whose CNAME leaves the scope ({OutOfScopeTarget}): recorded, never connected to.",
            Records = new[] { LabRecord.Cname($"hostile-cname-out-of-scope.{lab.Zone}", OutOfScopeTarget) },
            ExtraRecords = new[] { LabRecord.A(OutOfScopeTarget, "127.0.0.1") },
        };
        yield return new LabScenario
        {
            Name = "hostile-cname-metadata",
            Area = "Hostile",
            Description = $"An in-scope name CNAMEd to a name whose address stands for cloud metadata ({MetadataStandIn}).",
            Records = new[] { LabRecord.Cname($"hostile-cname-metadata.{lab.Zone}", $"metadata-standin.{lab.Zone}") },
            ExtraRecords = new[] { LabRecord.A($"metadata-standin.{lab.Zone}", MetadataStandIn) },
        };
        yield return new LabScenario
        {
            Name = "hostile-many-addresses",
            Area = "Hostile",
            Description = "One name with 100 A records (127.0.1.1-100): a connect is bounded by one deadline and a few addresses.",
            Records = ManyAddresses().Select(a => LabRecord.A($"hostile-many-addresses.{lab.Zone}", a)).ToArray(),
        };
    }

    private static LabScenario Hostile(string name, string description, RequestDelegate handler) =>
        new() { Name = name, Area = "Hostile", Description = description, Handler = handler };

    private static LabScenario Raw(string name, string description, Func<Stream, CancellationToken, Task> handler) =>
        new() { Name = name, Area = "Hostile", Description = description, RawHandler = handler };

    private static Task Write(Stream s, string text, CancellationToken ct) => s.WriteAsync(Encoding.UTF8.GetBytes(text), ct).AsTask();

    private static async Task Compressed(HttpContext ctx, string encoding, byte[] payload)
    {
        ctx.Response.ContentType = "text/html";
        ctx.Response.Headers.ContentEncoding = encoding;
        ctx.Response.ContentLength = payload.Length;
        await ctx.Response.Body.WriteAsync(payload);
    }

    private static byte[] Bomb(Func<Stream, Stream> compressor)
    {
        using var output = new MemoryStream();
        using (var z = compressor(output))
        {
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 200; i++) z.Write(zeros);
        }
        return output.ToArray();
    }
}
