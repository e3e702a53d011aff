using ApiThreat.Lab.Scenarios;

namespace ApiThreat.Lab.Dns;

/// <summary>
/// Ground truth for Get-IpIntelligence: a forward zone and the matching reverse zone for 127.0.0.0/24 (only
/// loopback addresses, nothing here is ever connected to), with a forward-confirmed PTR, a PTR whose name points
/// elsewhere, and five names sharing one address. Kept out of the scenario catalogue: these hosts serve nothing.
/// </summary>
[ZoneSet]
public static class IpZones
{
    public const string Zone = "iplab.apithreat.test";
    public const string ReverseZone = "0.0.127.in-addr.arpa";
    public const string ConfirmedAddress = "127.0.0.10";
    public const string UnconfirmedAddress = "127.0.0.11";
    public const string SharedAddress = "127.0.0.20";
    public static readonly string[] SharedNames = Enumerable.Range(1, 5).Select(i => $"site{i}.{Zone}").ToArray();

    public static IEnumerable<LabZone> Zones(LabContext lab)
    {
        var forward = new LabZone(Zone)
            .Add(LabRecord.Ns(Zone, "ns1." + Zone))
            .Add(LabRecord.A("ns1." + Zone, "127.0.0.1"))
            .Add(LabRecord.A($"confirmed.{Zone}", ConfirmedAddress))
            .Add(LabRecord.A($"elsewhere.{Zone}", "127.0.0.99"));
        foreach (var name in SharedNames) forward.Add(LabRecord.A(name, SharedAddress));
        var reverse = new LabZone(ReverseZone)
            .Add(LabRecord.Ns(ReverseZone, "ns1." + Zone))
            .Add(LabRecord.Ptr($"10.{ReverseZone}", $"confirmed.{Zone}"))
            .Add(LabRecord.Ptr($"11.{ReverseZone}", $"elsewhere.{Zone}"));
        yield return forward;
        yield return reverse;
    }
}
