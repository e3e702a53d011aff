using System.Net;
using System.Text.Json;
using ApiThreat.Lab.Dns;
using ApiThreat.Lab.Scenarios;
using ApiThreat.Lab.Web;

namespace ApiThreat.Lab;

/// <summary>
/// Starts the whole Lab on loopback: certificates, the scenario catalogue, the DNS server with the Lab zones, and
/// the web server. <see cref="WriteManifest"/> tells out-of-process users (Pester, Demo, Bench) where things are.
/// </summary>
public sealed class LabHost : IAsyncDisposable
{
    public const string DefaultZone = "lab.apithreat.test";
    /// <summary>A second zone standing for "somebody else's" hosts: redirect and CNAME targets that are out of scope.</summary>
    public const string OutsideZone = "outside.test";

    private LabHost(LabCertificates certificates, List<LabScenario> scenarios, LabDnsServer dns, LabWebServer web, LabContext context, RawHttpServer raw)
    {
        Raw = raw;
        Certificates = certificates;
        Scenarios = scenarios;
        Dns = dns;
        Web = web;
        Context = context;
    }

    public LabCertificates Certificates { get; }
    public List<LabScenario> Scenarios { get; }
    public LabDnsServer Dns { get; }
    public LabWebServer Web { get; }
    public RawHttpServer Raw { get; }
    public LabContext Context { get; }
    public string Zone => Context.Zone;
    public IPEndPoint DnsEndPoint => Dns.EndPoint;
    public string Resolver => $"127.0.0.1:{Dns.EndPoint.Port}";

    public LabScenario Scenario(string name) => Scenarios.First(s => s.Name == name);

    public static async Task<LabHost> StartAsync(int dnsPort = 0, int httpPort = 0, int httpsPort = 0)
    {
        var certificates = new LabCertificates();
        var context = new LabContext { Zone = DefaultZone, Certificates = certificates };
        // Ports are known only once Kestrel is bound; handlers read them from the context at request time.
        var scenarios = ScenarioCatalog.Build(context);
        var web = new LabWebServer(scenarios, certificates);
        await web.StartAsync(httpPort, httpsPort);
        context.HttpPort = web.HttpPort;
        context.HttpsPort = web.HttpsPort;
        var raw = new RawHttpServer(scenarios);
        raw.Start();
        context.RawHttpPort = raw.Port;
        context.SilentPort = raw.SilentPort;

        var dns = new LabDnsServer(IPAddress.Loopback, dnsPort);
        var zone = new LabZone(DefaultZone)
            .Add(LabRecord.Ns(DefaultZone, "ns1." + DefaultZone))
            .Add(LabRecord.A("ns1." + DefaultZone, "127.0.0.1"))
            .Add(LabRecord.A("lab-control." + DefaultZone, "127.0.0.1"));
        var outside = new LabZone(OutsideZone)
            .Add(LabRecord.Ns(OutsideZone, "ns1." + OutsideZone))
            .Add(LabRecord.A("ns1." + OutsideZone, "127.0.0.1"));
        // Zone sets may hold scenario hosts too (a lookalike's page lives in its own TLD zone): longest origin first.
        var extraZones = ZoneSetRegistry.Build(context).OrderByDescending(z => z.Origin.Length).ToList();
        foreach (var s in scenarios)
        {
            var target = zone.Contains(s.Host!) ? zone : outside.Contains(s.Host!) ? outside : extraZones.FirstOrDefault(z => z.Contains(s.Host!));
            if (target is null) throw new InvalidOperationException($"Scenario {s.Name}: host {s.Host} is in no Lab zone.");
            target.AddRange(s.Records ?? new[] { LabRecord.A(s.Host!, s.Address) });
            foreach (var r in s.ExtraRecords)
                (zone.Contains(r.Name) ? zone : outside).Add(r);
        }
        dns.AddZone(zone).AddZone(outside);
        foreach (var z in extraZones) dns.AddZone(z);
        dns.Start();
        web.DnsQueries = dns.RecentQueries;
        return new LabHost(certificates, scenarios, dns, web, context, raw);
    }

    /// <summary>Writes the Lab's manifest (ports, CA, scenarios and their expectations) as JSON, and the root CA as PEM.</summary>
    public void WriteManifest(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var caPath = Path.Combine(directory, "lab-root-ca.pem");
        File.WriteAllText(caPath, Certificates.RootPem);
        var manifest = new
        {
            zone = Zone,
            outsideZone = OutsideZone,
            resolver = Resolver,
            dnsPort = Dns.EndPoint.Port,
            httpPort = Web.HttpPort,
            httpsPort = Web.HttpsPort,
            rawHttpPort = Raw.Port,
            silentPort = Raw.SilentPort,
            rootCertificate = caPath,
            processId = Environment.ProcessId,
            scenarios = Scenarios.Select(s => new
            {
                name = s.Name,
                area = s.Area,
                host = s.Host,
                description = s.Description,
                certificate = s.Certificate.ToString(),
                expectedFindings = s.ExpectedFindings,
                expect = s.Expect,
            }),
        };
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(manifest, new JsonSerializerOptions { WriteIndented = true }));
        File.Move(temp, path, overwrite: true);
    }

    public async ValueTask DisposeAsync()
    {
        await Web.DisposeAsync();
        await Raw.DisposeAsync();
        await Dns.DisposeAsync();
        foreach (var resource in Context.Resources) resource.Dispose();
        Certificates.Dispose();
    }
}
