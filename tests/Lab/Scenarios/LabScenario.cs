using ApiThreat.Lab.Dns;
using ApiThreat.Lab.Web;
using Microsoft.AspNetCore.Http;

namespace ApiThreat.Lab.Scenarios;

/// <summary>
/// One Lab host and the ground truth it stands for: its DNS records, its HTTP(S) behaviour, its certificate, and
/// what ApiThreat must report about it. Tests assert exactly the expected sets, including "nothing" for clean hosts.
/// </summary>
public sealed class LabScenario
{
    /// <summary>Short unique name, e.g. "clean-site".</summary>
    public required string Name { get; init; }
    /// <summary>Capability the scenario exercises: Foundation, Dns, Certificates, Inventory, Technology, Hijack, Api, Hostile...</summary>
    public required string Area { get; init; }
    /// <summary>Full host name in the Lab zone (filled from Name when not given); "*.sub.zone" serves every name below sub.zone.</summary>
    public string? Host { get; set; }
    public string Description { get; init; } = "";
    /// <summary>Address the host name resolves to (ignored when Records replace the A record).</summary>
    public string Address { get; init; } = "127.0.0.1";
    /// <summary>Records for the host instead of the default A record (CNAMEs, nothing at all, ...).</summary>
    public IReadOnlyList<LabRecord>? Records { get; init; }
    /// <summary>Further records anywhere in the Lab zone.</summary>
    public IReadOnlyList<LabRecord> ExtraRecords { get; init; } = Array.Empty<LabRecord>();
    public CertKind Certificate { get; init; } = CertKind.Valid;
    /// <summary>Adjusts the Kestrel TLS options for this host (protocols, cipher suite policy); null = .NET defaults.</summary>
    public Action<System.Net.Security.SslServerAuthenticationOptions>? Tls { get; init; }
    /// <summary>Chooses the certificate at each handshake instead of <see cref="Certificate"/> (hosts that change between runs).</summary>
    public Func<CertKind>? CertificateSelector { get; init; }
    /// <summary>HTTP and HTTPS behaviour; null = a plain 200 text page.</summary>
    public RequestDelegate? Handler { get; init; }
    /// <summary>Raw-bytes behaviour on the hostile raw HTTP port (LabContext.RawHttpPort), for what Kestrel cannot emit.</summary>
    public Func<System.IO.Stream, CancellationToken, Task>? RawHandler { get; init; }
    /// <summary>Also serve every direct subdomain (x.&lt;host&gt;) with this handler and a wildcard certificate (benchmarks
    /// over thousands of names); the scenario adds the matching wildcard DNS record itself.</summary>
    public bool ServesSubdomains { get; init; }
    /// <summary>Rule ids this host must produce, and no others, for the capability of <see cref="Area"/>.</summary>
    public string[] ExpectedFindings { get; init; } = Array.Empty<string>();
    /// <summary>Further expectations by key (technologies, endpoint kinds, grades...), read by that area's tests.</summary>
    public Dictionary<string, string[]> Expect { get; init; } = new();
}

/// <summary>Marks a static class with <c>public static IEnumerable&lt;LabScenario&gt; Scenarios(LabContext lab)</c>.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ScenarioSetAttribute : Attribute { }

/// <summary>What a scenario set may use while it builds its scenarios.</summary>
public sealed class LabContext
{
    public required string Zone { get; init; }
    public required LabCertificates Certificates { get; init; }
    public int HttpPort { get; set; }
    public int HttpsPort { get; set; }
    /// <summary>The raw (hostile) HTTP/1.1 port; scenarios with a RawHandler answer there.</summary>
    public int RawHttpPort { get; set; }
    /// <summary>A port that accepts TCP and never answers (stalled TLS/HTTP).</summary>
    public int SilentPort { get; set; }
    public string HostOf(string name) => $"{name}.{Zone}";
    /// <summary>Things scenario sets started (extra servers) that the Lab disposes when it stops.</summary>
    public List<IDisposable> Resources { get; } = new();
}
