using System.Net;
using System.Security.Cryptography.X509Certificates;
using ApiThreat.Engine.Net;
using ApiThreat.Lab;

namespace ApiThreat.Engine.Tests.Infrastructure;

/// <summary>One in-process Lab shared by every test class of the collection.</summary>
public sealed class LabFixture : IAsyncLifetime
{
    public LabHost Lab { get; private set; } = null!;

    public async Task InitializeAsync() => Lab = await LabHost.StartAsync();

    public async Task DisposeAsync() => await Lab.DisposeAsync();

    public string Host(string scenario) => Lab.Scenario(scenario).Host!;

    /// <summary>
    /// Options that point the engine at the Lab: its DNS, loopback allowed, its CA trusted. Without a scope the Lab's zone
    /// is an input domain of the implicit scope (the cmdlets add their inputs; engine tests name the zone), so names under
    /// it and their own aliases are in scope, and the outside zone is not.
    /// </summary>
    public ScanOptions Options(IEnumerable<string>? scope = null, bool allowPrivate = true, TimeSpan? timeout = null, int throttle = 50)
    {
        var guard = new ScopeGuard(scope, null, allowPrivate);
        if (scope is null) guard.AddImplicitDomain(Lab.Zone);
        return new ScanOptions
        {
            Resolvers = new[] { Lab.DnsEndPoint },
            Scope = guard,
            Timeout = timeout ?? TimeSpan.FromSeconds(5),
            ThrottleLimit = throttle,
            TrustedRoots = new X509Certificate2Collection { X509CertificateLoader.LoadCertificate(Lab.Certificates.Root.RawData) },
        };
    }

    public NetworkContext Network(IEnumerable<string>? scope = null, bool allowPrivate = true, TimeSpan? timeout = null) =>
        new(Options(scope, allowPrivate, timeout));

    public Uri HttpUri(string scenario, string path = "/") => new($"http://{Host(scenario)}:{Lab.Web.HttpPort}{path}");
    public Uri HttpsUri(string scenario, string path = "/") => new($"https://{Host(scenario)}:{Lab.Web.HttpsPort}{path}");
}

[CollectionDefinition(Name)]
public sealed class LabCollection : ICollectionFixture<LabFixture>
{
    public const string Name = "Lab";
}
