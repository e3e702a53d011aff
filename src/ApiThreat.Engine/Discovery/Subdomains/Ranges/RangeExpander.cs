using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using ApiThreat.Engine.Discovery.Ports;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Text;
using DnsClient;
using DnsClient.Protocol;

namespace ApiThreat.Engine.Discovery.Subdomains.Ranges;

/// <summary>What one -IpRange/-Asn run sweeps and which names count as the organisation's.</summary>
public sealed class RangeExpansionRequest
{
    public required IReadOnlyList<OwnedRange> Ranges { get; init; }
    /// <summary>The organisation's domains: names under them are its hosts; every other name is a candidate.</summary>
    public IReadOnlyList<string> Domains { get; init; } = Array.Empty<string>();
    /// <summary>Web ports whose certificates are read (connect-scanned first, then one handshake each open one).</summary>
    public IReadOnlyList<int> TlsPorts { get; init; } = new[] { 443 };
    /// <summary>Addresses worked on at once.</summary>
    public int MaxInFlight { get; init; } = 64;
    /// <summary>The user's -Scope and -ExcludeScope: the ranges are added to the first; the second still wins.</summary>
    public IReadOnlyList<string> Scope { get; init; } = Array.Empty<string>();
    public IReadOnlyList<string> ExcludeScope { get; init; } = Array.Empty<string>();
}

/// <summary>Counters of a range sweep, for -Verbose.</summary>
public sealed record RangeExpansionStats(long Addresses, long Ptr, long TlsOpen, int Hosts, int Candidates, TimeSpan Elapsed);

/// <summary>
/// Expansion from what an organisation owns: every address of its blocks is asked for its PTR record and, on the web
/// ports, for its TLS certificate (connect scan first; one handshake per open port, no SNI). Each name found carries
/// its evidence ("PTR 203.0.113.7 -> api.contoso.com", "certificate of 203.0.113.9:443 names portal.contoso.com").
/// Names under the organisation's domains that resolve are its hosts (Sources ReverseDns and/or TlsSan). Every other
/// name — outside the domains, or one that does not resolve — is a candidate (InScope = $false): written with its
/// evidence and never contacted, not even resolved, since it may be anybody's. Only the blocks' addresses are
/// connected to: the sweep's scope is the blocks (plus -Scope), -ExcludeScope still wins.
/// </summary>
public static class RangeExpander
{
    private const int MaxNames = 100_000;

    public static async Task<RangeExpansionStats> RunAsync(NetworkContext network, RangeExpansionRequest request, Func<DiscoveredHost, ValueTask> emit,
        CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var scope = new ScopeGuard(request.Scope.Concat(request.Ranges.Select(r => r.Network.ToString())), request.ExcludeScope,
            network.Scope.AllowPrivateAddress, network.Scope.AllowMetadataAddress);
        var o = network.Options;
        using var sweep = new NetworkContext(new ScanOptions
        {
            Resolvers = o.Resolvers, ThrottleLimit = o.ThrottleLimit, RateLimit = o.RateLimit, Timeout = o.Timeout, DnsTimeout = o.DnsTimeout,
            DnsRetries = o.DnsRetries, Scope = scope, MaxBodyBytes = o.MaxBodyBytes, MaxHeaderKilobytes = o.MaxHeaderKilobytes,
            MaxRedirects = o.MaxRedirects, TrustedRoots = o.TrustedRoots, Proxy = o.Proxy, UserAgent = o.UserAgent, Debug = o.Debug,
        }, network.Log);
        using var scanner = new ConnectScanner(sweep, new PortScanOptions { MaxInFlight = 256, MaxInFlightPerHost = 16 });
        var found = new ConcurrentDictionary<string, Found>(StringComparer.Ordinal);
        long addresses = 0, ptrs = 0, open = 0;
        foreach (var r in request.Ranges) network.Log($"Sweeping {r.Network} ({r.Origin}): PTR and certificates on port(s) {string.Join(", ", request.TlsPorts)}");
        await Parallel.ForEachAsync(OwnedRanges.Addresses(request.Ranges),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, request.MaxInFlight), CancellationToken = cancellationToken }, async (address, ct) =>
            {
                Interlocked.Increment(ref addresses);
                var ptr = await sweep.Resolver.QueryAsync(address.GetArpaName(), QueryType.PTR, ct).ConfigureAwait(false);
                foreach (var name in ptr.Answers.OfType<PtrRecord>().Select(p => p.PtrDomainName.Value))
                    if (Add(found, name, address, SubdomainSources.ReverseDns, $"PTR {address} -> {Clean(name)}")) Interlocked.Increment(ref ptrs);
                if (request.TlsPorts.Count == 0) return;
                PortScanResult scan;
                try { scan = await scanner.ScanAsync(address.ToString(), request.TlsPorts, ct).ConfigureAwait(false); }
                catch (TargetException ex) { network.Log($"{address}: not swept: {ex.Message}"); return; }
                foreach (var port in scan.Open)
                {
                    Interlocked.Increment(ref open);
                    try
                    {
                        var session = await sweep.Tls.HandshakeAsync(address.ToString(), port, null, ct).ConfigureAwait(false);
                        foreach (var name in CertificateNames(session.Leaf))
                            Add(found, name, address, SubdomainSources.TlsSan, $"certificate of {Endpoint(address, port)} names {Clean(name)}");
                    }
                    catch (Exception ex) when (ex is TargetException or SocketException or IOException or System.Security.Authentication.AuthenticationException)
                    {
                        network.Log($"TLS {Endpoint(address, port)}: {ex.Message}");
                    }
                }
            }).ConfigureAwait(false);

        int hosts = 0, candidates = 0;
        foreach (var (name, f) in found.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var domain = request.Domains.FirstOrDefault(d => name == d || name.EndsWith("." + d, StringComparison.Ordinal));
            string[] resolved = Array.Empty<string>();
            string[] chain = Array.Empty<string>();
            if (domain is not null)
            {
                // Only names of the organisation's domains are looked up: a candidate is never contacted.
                var r = await network.Resolver.ResolveHostAsync(name, cancellationToken).ConfigureAwait(false);
                resolved = r.Addresses.OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1).Select(a => a.ToString()).ToArray();
                chain = r.CnameChain.ToArray();
                if (resolved.Length == 0) f.Evidence.Add($"{name} does not resolve ({r.Status})");
            }
            var isHost = domain is not null && resolved.Length > 0;
            if (isHost) hosts++; else candidates++;
            await emit(new DiscoveredHost
            {
                HostName = name,
                Domain = domain ?? "",
                Addresses = isHost ? resolved : f.Addresses.Order(StringComparer.Ordinal).ToArray(),
                CnameChain = chain,
                Sources = SubdomainFinder.SourceNames(f.Sources),
                InScope = isHost,
                Evidence = f.Evidence.Distinct().Take(50).ToArray(),
            }).ConfigureAwait(false);
        }
        var stats = new RangeExpansionStats(addresses, ptrs, open, hosts, candidates, clock.Elapsed);
        network.Log($"Swept {stats.Addresses:N0} address(es) in {stats.Elapsed.TotalSeconds:0.##} s: {stats.Ptr:N0} PTR name(s), {stats.TlsOpen:N0} open TLS port(s); {hosts} host(s), {candidates} candidate(s)");
        return stats;
    }

    private sealed class Found
    {
        public SubdomainSources Sources;
        public readonly HashSet<string> Addresses = new(StringComparer.Ordinal);
        public readonly List<string> Evidence = new();
    }

    private static bool Add(ConcurrentDictionary<string, Found> found, string raw, IPAddress address, SubdomainSources source, string evidence)
    {
        var name = raw.Trim().TrimEnd('.').ToLowerInvariant();
        if (name.StartsWith("*.", StringComparison.Ordinal)) name = name[2..];
        if (!DnsWireFormat.IsQueryableName(name) || name.Contains('*') || IPAddress.TryParse(name, out _)) return false;
        if (found.Count >= MaxNames && !found.ContainsKey(name)) return false;
        var f = found.GetOrAdd(name, _ => new Found());
        lock (f)
        {
            f.Sources |= source;
            f.Addresses.Add(address.ToString());
            f.Evidence.Add(evidence);
        }
        return true;
    }

    private static string Clean(string name) => TextSafety.StripControl(TextSafety.Truncate(name.TrimEnd('.'), 253));

    private static string Endpoint(IPAddress address, int port) => address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]:{port}" : $"{address}:{port}";

    private static IEnumerable<string> CertificateNames(X509Certificate2? certificate)
    {
        if (certificate is null) yield break;
        foreach (var ext in certificate.Extensions)
            if (ext is X509SubjectAlternativeNameExtension san)
            {
                string[] dns;
                try { dns = san.EnumerateDnsNames().ToArray(); } catch (System.Security.Cryptography.CryptographicException) { continue; }
                foreach (var n in dns) yield return n;
            }
        var cn = certificate.GetNameInfo(X509NameType.DnsName, forIssuer: false);
        if (!string.IsNullOrEmpty(cn)) yield return cn;
    }
}
