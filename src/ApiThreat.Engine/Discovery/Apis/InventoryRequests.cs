using ApiThreat.Engine.Discovery.Crawl;
using ApiThreat.Engine.Discovery.Ports;
using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Discovery.Apis;

/// <summary>
/// Get-ApiInventory's parameters as discovery requests: the crawl budget of a depth with only the limits the user named
/// changed, and the ports of one target (its own port, -Port, its scheme's port, or the default API ports).
/// </summary>
public static class InventoryRequests
{
    public static CrawlBudget Budget(DiscoveryDepth depth, int? pages, int? linkDepth, long? bytes, int? seconds)
    {
        var b = depth >= DiscoveryDepth.Deep ? CrawlBudget.Deep : CrawlBudget.Standard;
        return b with
        {
            MaxPages = pages ?? b.MaxPages,
            MaxDepth = linkDepth ?? b.MaxDepth,
            MaxBytes = bytes ?? b.MaxBytes,
            MaxTime = seconds is { } s ? TimeSpan.FromSeconds(s) : b.MaxTime,
        };
    }

    /// <summary>The ports of <paramref name="target"/> (with the list or range to connect-scan first, if any) and whether the user named them.</summary>
    public static (IReadOnlyList<int> Ports, bool Explicit, PortSpec? Scan) PortsFor(ScanTarget target, PortSpec? spec)
    {
        if (target.Port is { } p) return (new[] { p }, true, null);
        if (spec is not null) return (spec.Ports, true, spec.IsScan ? spec : null);
        if (target.Scheme is not null) return (new[] { target.Scheme == "https" ? 443 : 80 }, true, null);
        return (ApiPathCatalog.DefaultPorts, false, null);
    }

    public static ApiDiscoveryRequest Request(string host, IReadOnlyList<int> ports, bool explicitPorts, string? scheme, string? path,
        DiscoveryDepth depth, CrawlBudget? crawl, Action<HttpProbeResult>? onResponse) => new()
    {
        OnResponse = onResponse, Host = host, Ports = ports, PortsExplicit = explicitPorts, Scheme = scheme, Path = path, Depth = depth, Crawl = crawl,
    };
}
