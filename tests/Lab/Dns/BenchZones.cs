using ApiThreat.Lab.Scenarios;

namespace ApiThreat.Lab.Dns;

/// <summary>
/// A wildcard zone for load benchmarks: any name under bench.apithreat.test resolves to 127.0.0.1, so a benchmark
/// can scan 1,000 distinct names against the Lab's HTTPS port (CertificateGrab.bench.ps1).
/// </summary>
[ZoneSet]
public static class BenchZones
{
    public const string Zone = "bench.apithreat.test";

    public static IEnumerable<LabZone> Zones(LabContext lab)
    {
        yield return new LabZone(Zone)
            .Add(LabRecord.Ns(Zone, "ns1." + Zone))
            .Add(LabRecord.A("ns1." + Zone, "127.0.0.1"))
            .Add(LabRecord.A("*." + Zone, "127.0.0.1"));
    }
}
