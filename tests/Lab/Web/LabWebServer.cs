using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using ApiThreat.Lab.Scenarios;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ApiThreat.Lab.Web;

/// <summary>
/// One Kestrel instance with an HTTP and an HTTPS listener on loopback. Requests dispatch on the Host header to
/// their scenario; TLS picks each scenario's certificate by SNI. Every request is recorded (host, path) so tests
/// can prove what was and was not contacted.
/// </summary>
public sealed class LabWebServer : IAsyncDisposable
{
    private readonly Dictionary<string, LabScenario> _byHost;
    private readonly LabCertificates _certificates;
    private readonly ConcurrentDictionary<string, SslStreamCertificateContext> _tlsContexts = new(StringComparer.OrdinalIgnoreCase);
    private WebApplication? _app;

    public LabWebServer(IEnumerable<LabScenario> scenarios, LabCertificates certificates)
    {
        _byHost = scenarios.ToDictionary(s => s.Host!, StringComparer.OrdinalIgnoreCase);
        _certificates = certificates;
    }

    public int HttpPort { get; private set; }
    public int HttpsPort { get; private set; }
    public ConcurrentQueue<string> Requests { get; } = new();
    /// <summary>The DNS server's query log, served at /dns-queries of the control host (set by LabHost).</summary>
    public ConcurrentQueue<string>? DnsQueries { get; set; }
    public long RequestCount => Interlocked.Read(ref _requestCount);
    private long _requestCount;

    public async Task StartAsync(int httpPort = 0, int httpsPort = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options =>
        {
            options.AddServerHeader = false;
            options.Limits.MaxConcurrentConnections = null;
            options.Limits.MaxRequestHeadersTotalSize = 64 * 1024;
            options.Listen(IPAddress.Loopback, httpPort);
            options.Listen(IPAddress.Loopback, httpsPort, listen =>
                listen.UseHttps(new TlsHandshakeCallbackOptions { OnConnection = ctx => ValueTask.FromResult(ServerOptions(ctx.ClientHelloInfo.ServerName)) }));
        });
        _app = builder.Build();
        _app.Run(Dispatch);
        await _app.StartAsync();
        var addresses = _app.Urls.Select(u => new Uri(u.Replace("[::]", "127.0.0.1"))).ToList();
        // Kestrel lists listeners in registration order: HTTP first, then HTTPS.
        var server = _app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>();
        var bound = server.Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();
        HttpPort = bound.First(u => u.Scheme == "http").Port;
        HttpsPort = bound.First(u => u.Scheme == "https").Port;
        _ = addresses;
    }

    private SslServerAuthenticationOptions ServerOptions(string? serverName)
    {
        var host = string.IsNullOrEmpty(serverName) ? "" : serverName;
        var s = Find(host);
        var kind = s is null ? CertKind.SelfSigned : s.CertificateSelector?.Invoke() ?? s.Certificate;
        // A subdomain of a ServesSubdomains scenario shares its parent's (wildcard) certificate.
        // A wildcard scenario ("*.parent") with a Wildcard certificate presents one *.parent certificate for all its names,
        // as a load balancer does (no certificate made per name).
        var name = s is { ServesSubdomains: true } && !string.Equals(s.Host, host, StringComparison.OrdinalIgnoreCase) ? s.Host!
            : s is { Certificate: CertKind.Wildcard, Host: { } pattern } && pattern.StartsWith("*.", StringComparison.Ordinal) ? pattern[2..]
            : string.IsNullOrEmpty(host) ? "localhost" : host;
        var context = _tlsContexts.GetOrAdd($"{name}|{kind}", _ =>
        {
            var (leaf, chain) = _certificates.For(name, kind);
            return SslStreamCertificateContext.Create(leaf, chain, offline: true);
        });
        var options = new SslServerAuthenticationOptions { ServerCertificateContext = context };
        s?.Tls?.Invoke(options);
        return options;
    }

    /// <summary>
    /// The scenario serving a host name: its own; that of a parent scenario that serves every subdomain; or a wildcard
    /// scenario ("*.parent") serving a whole subtree with a certificate per name.
    /// </summary>
    private LabScenario? Find(string host)
    {
        if (_byHost.TryGetValue(host, out var exact)) return exact;
        var dot = host.IndexOf('.');
        if (dot <= 0) return null;
        if (_byHost.TryGetValue(host[(dot + 1)..], out var parent) && parent.ServesSubdomains) return parent;
        return _byHost.TryGetValue("*" + host[dot..], out var wildcard) ? wildcard : null;
    }

    private async Task Dispatch(HttpContext context)
    {
        var host = context.Request.Host.Host;
        Interlocked.Increment(ref _requestCount);
        if (Requests.Count < 200_000) Requests.Enqueue($"{context.Request.Scheme}://{host}{context.Request.Path}");
        if (host.StartsWith("lab-control.", StringComparison.OrdinalIgnoreCase))
        {
            await Control(context);
            return;
        }
        if (Find(host) is not { } scenario)
        {
            context.Response.StatusCode = 421;
            await context.Response.WriteAsync("No Lab scenario serves this host.");
            return;
        }
        if (scenario.Handler is null)
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync($"ApiThreat Lab: {scenario.Name}");
            return;
        }
        await scenario.Handler(context);
    }

    private async Task Control(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        if (context.Request.Path == "/requests")
            await context.Response.WriteAsJsonAsync(Requests.ToArray());
        else if (context.Request.Path == "/dns-queries")
            await context.Response.WriteAsJsonAsync(DnsQueries?.ToArray() ?? Array.Empty<string>());
        else if (context.Request.Path == "/reset")
        {
            Requests.Clear();
            DnsQueries?.Clear();
            await context.Response.WriteAsJsonAsync(new { reset = true });
        }
        else context.Response.StatusCode = 404;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
