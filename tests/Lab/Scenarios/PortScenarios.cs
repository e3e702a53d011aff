using System.Net;
using System.Net.Sockets;
using System.Text;
using ApiThreat.Lab.Dns;
using ApiThreat.Lab.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace ApiThreat.Lab.Scenarios;

/// <summary>
/// APIs on unusual ports, for Get-ApiInventory -Port: an OpenAPI-described REST API over plain HTTP and another over TLS,
/// each on its own loopback address (127.78.0.10, .11) at a port of the top-1000 list that is neither in the top 100 nor
/// among the twelve ports probed by default, and a service that speaks first with an SSH banner (127.78.0.12), which is
/// open but no API. Ports are chosen at start from candidates (the first that binds); the manifest gives them in
/// Expect["Port"]. <see cref="ScanZone"/> holds 100 names on 127.79.0.1-100 for the port-scan benchmark.
/// </summary>
[ScenarioSet]
public static class PortScenarios
{
    public const string HttpAddress = "127.78.0.10";
    public const string TlsAddress = "127.78.0.11";
    public const string BannerAddress = "127.78.0.12";
    // Top-1000 ports outside the top 100 and the default twelve (data/ports/tcp-top-ports.txt).
    private static readonly int[] s_httpCandidates = { 9090, 7000, 4001, 5050, 8010, 2601, 5120 };
    private static readonly int[] s_tlsCandidates = { 8031, 10010, 5001, 3001, 4000, 2105 };
    private static readonly int[] s_bannerCandidates = { 2222, 2103, 2107, 1801, 6004, 5901 };

    public static IEnumerable<LabScenario> Scenarios(LabContext lab)
    {
        var httpPort = FreePort(HttpAddress, s_httpCandidates);
        var tlsPort = FreePort(TlsAddress, s_tlsCandidates);
        var bannerPort = FreePort(BannerAddress, s_bannerCandidates);
        var tlsHost = lab.HostOf("ports-tls-api");
        lab.Resources.Add(StartApis(lab, httpPort, tlsPort, tlsHost));
        lab.Resources.Add(StartBanner(bannerPort));
        yield return new LabScenario
        {
            Name = "ports-http-api",
            Area = "Ports",
            Address = HttpAddress,
            Description = $"A REST API with an OpenAPI 3.1 document over plain HTTP on {HttpAddress}:{httpPort} only.",
            Expect = { ["Port"] = new[] { httpPort.ToString() }, ["Endpoints"] = new[] { "OpenApi /api/v1" }, ["Scheme"] = new[] { "http" } },
        };
        yield return new LabScenario
        {
            Name = "ports-tls-api",
            Area = "Ports",
            Address = TlsAddress,
            Description = $"The same API over TLS (Lab CA) on {TlsAddress}:{tlsPort} only.",
            Expect = { ["Port"] = new[] { tlsPort.ToString() }, ["Endpoints"] = new[] { "OpenApi /api/v1" }, ["Scheme"] = new[] { "https" } },
        };
        yield return new LabScenario
        {
            Name = "ports-ssh",
            Area = "Ports",
            Address = BannerAddress,
            Description = $"An SSH-like service that speaks first on {BannerAddress}:{bannerPort}: open, but not HTTP; no API, no error.",
            Expect = { ["Port"] = new[] { bannerPort.ToString() }, ["Endpoints"] = Array.Empty<string>() },
        };
    }

    /// <summary>100 names (h1..h100) on 127.79.0.1-100, where nothing listens unless a benchmark starts it.</summary>
    [ZoneSet]
    public static class ScanZone
    {
        public const string Zone = "portscan.apithreat.test";

        public static IEnumerable<LabZone> Zones(LabContext lab)
        {
            var zone = new LabZone(Zone).Add(LabRecord.Ns(Zone, "ns1." + Zone)).Add(LabRecord.A("ns1." + Zone, "127.0.0.1"));
            for (var i = 1; i <= 100; i++) zone.Add(LabRecord.A($"h{i}.{Zone}", $"127.79.0.{i}"));
            yield return zone;
        }
    }

    private static int FreePort(string address, int[] candidates)
    {
        foreach (var port in candidates)
        {
            try
            {
                var probe = new TcpListener(IPAddress.Parse(address), port);
                probe.Start();
                probe.Stop();
                return port;
            }
            catch (SocketException) { }
        }
        throw new InvalidOperationException($"None of the ports {string.Join(", ", candidates)} is free on {address}.");
    }

    private sealed class Stopper(Func<Task> stop) : IDisposable
    {
        public void Dispose() => stop().GetAwaiter().GetResult();
    }

    private static IDisposable StartApis(LabContext lab, int httpPort, int tlsPort, string tlsHost)
    {
        var (leaf, chain) = lab.Certificates.For(tlsHost, CertKind.Valid);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options =>
        {
            options.AddServerHeader = false;
            options.Listen(IPAddress.Parse(HttpAddress), httpPort);
            options.Listen(IPAddress.Parse(TlsAddress), tlsPort, listen =>
                listen.UseHttps(new HttpsConnectionAdapterOptions { ServerCertificate = leaf, ServerCertificateChain = chain }));
        });
        var app = builder.Build();
        app.Run(Serve);
        app.StartAsync().GetAwaiter().GetResult();
        return new Stopper(async () => await app.DisposeAsync());
    }

    private static Task Serve(HttpContext ctx)
    {
        var origin = $"{ctx.Request.Scheme}://{ctx.Request.Host}";
        switch (ctx.Request.Path.Value)
        {
            case "/openapi.json":
                ctx.Response.ContentType = "application/json";
                return ctx.Response.WriteAsync("""
                    {"openapi":"3.1.0","info":{"title":"Inventory","version":"2.0.0"},"servers":[{"url":"@ORIGIN@/api/v1"}],
                     "components":{"securitySchemes":{"bearer":{"type":"http","scheme":"bearer"}}},"security":[{"bearer":[]}],
                     "paths":{"/items":{"get":{"operationId":"listItems","responses":{"200":{"description":"ok"}}}},
                              "/items/{id}":{"get":{"operationId":"getItem","parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"string"}}],"responses":{"200":{"description":"ok"}}}}}}
                    """.Replace("@ORIGIN@", origin));
            case "/api/v1":
            case "/api/v1/":
                ctx.Response.StatusCode = 401;
                ctx.Response.Headers["WWW-Authenticate"] = "Bearer realm=\"inventory\"";
                ctx.Response.ContentType = "application/json";
                return ctx.Response.WriteAsync("{\"error\":\"unauthorized\",\"message\":\"Bearer token required\"}");
            default:
                ctx.Response.StatusCode = 404;
                ctx.Response.ContentType = "application/json";
                return ctx.Response.WriteAsync("{\"error\":\"not found\"}");
        }
    }

    /// <summary>A service that greets every connection with an SSH identification line and reads nothing.</summary>
    private static IDisposable StartBanner(int port)
    {
        var listener = new TcpListener(IPAddress.Parse(BannerAddress), port);
        listener.Start(512);
        var stop = new CancellationTokenSource();
        _ = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                Socket client;
                try { client = await listener.AcceptSocketAsync(stop.Token); }
                catch (Exception) { return; }
                _ = Task.Run(async () =>
                {
                    using (client)
                    {
                        try
                        {
                            await client.SendAsync(Encoding.ASCII.GetBytes("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n"), SocketFlags.None);
                            await Task.Delay(2000, stop.Token);
                        }
                        catch (Exception) { }
                    }
                });
            }
        });
        return new Stopper(() => { stop.Cancel(); listener.Stop(); return Task.CompletedTask; });
    }
}
