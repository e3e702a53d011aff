using ApiThreat.Engine.Discovery.Apis;
using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Discovery.Ports;

/// <summary>
/// API discovery over a port scan (-Port Top1000, ranges): connect-scan the host, recognise what each open port speaks,
/// and inventory only the ports that speak HTTP or TLS, each with the scheme it answered to. Closed and filtered ports,
/// and ports of other services, are a Verbose line, never an error: most of a thousand ports are closed.
/// </summary>
public static class PortScanDiscovery
{
    public static async Task<HostDiscoveryResult> DiscoverAsync(ApiDiscoverer discoverer, ConnectScanner scanner, NetworkContext network,
        ApiDiscoveryRequest request, PortSpec ports, Func<ApiEndpoint, ValueTask> emit, CancellationToken cancellationToken)
    {
        var scan = await scanner.ScanAsync(request.Host, ports.Ports, cancellationToken).ConfigureAwait(false);
        network.Log($"{request.Host} ({scan.Address}): {scan.Scanned:N0} port(s) in {scan.Elapsed.TotalSeconds:0.##} s: " +
            $"{scan.Open.Count} open ({string.Join(", ", scan.Open.Take(50))}), {scan.Closed:N0} closed, {scan.Filtered:N0} filtered");
        var total = new HostDiscoveryResult();
        var timeout = network.Options.Timeout < TimeSpan.FromSeconds(3) ? network.Options.Timeout : TimeSpan.FromSeconds(3);
        await Parallel.ForEachAsync(scan.Open, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (port, ct) =>
        {
            var guess = await ServiceRecognizer.RecognizeAsync(scan.Address, request.Host, port, timeout, ct).ConfigureAwait(false);
            network.Log($"{request.Host}:{port}: {guess.Kind}{(guess.Banner is null ? "" : $" ('{guess.Banner}')")}");
            if (guess.Kind is not (ServiceKind.Http or ServiceKind.Tls)) return;
            var one = await discoverer.DiscoverHostAsync(new ApiDiscoveryRequest
            {
                Host = request.Host,
                Ports = new[] { port },
                PortsExplicit = false,
                Scheme = guess.Kind == ServiceKind.Tls ? "https" : "http",
                Path = request.Path,
                Depth = request.Depth,
                Crawl = request.Crawl,
            }, emit, ct).ConfigureAwait(false);
            lock (total)
            {
                total.OriginsAnswered += one.OriginsAnswered;
                total.EndpointsFound += one.EndpointsFound;
                total.Requests += one.Requests;
            }
        }).ConfigureAwait(false);
        return total;
    }
}
