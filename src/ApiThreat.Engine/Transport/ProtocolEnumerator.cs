using System.Collections.Concurrent;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Net.Tls;

namespace ApiThreat.Engine.Transport;

/// <summary>What one protocol version turned out to be on a server.</summary>
public sealed class VersionEnumeration
{
    public required TlsVersion Version { get; init; }
    /// <summary>Offered, NotOffered or NotTested.</summary>
    public required string Status { get; init; }
    public string? Note { get; init; }
    public IReadOnlyList<CipherSuite> Suites { get; init; } = Array.Empty<CipherSuite>();
    /// <summary>Codes the server chose that are not in our table (recorded, never guessed).</summary>
    public IReadOnlyList<int> UnknownSuites { get; init; } = Array.Empty<int>();
}

/// <summary>
/// Enumerates protocol versions and cipher suites the way sslyze and testssl.sh do, with hand-made ClientHellos:
/// for each version (in parallel), one hello with every suite shows whether the version is offered; then the suites
/// are split into groups by key exchange, and each group is probed (in parallel) by removing the suite the server
/// chose until it refuses. Anything that could not be decided is NotTested, never NotOffered.
/// </summary>
public static class ProtocolEnumerator
{
    private const int MaxProbesPerGroup = 64;

    public static async Task<IReadOnlyList<VersionEnumeration>> EnumerateAsync(NetworkContext network, string host, int port, string? serverName,
        CancellationToken cancellationToken)
    {
        var tasks = TlsVersions.All.Select(v => EnumerateVersionAsync(network, host, port, serverName, v, cancellationToken)).ToArray();
        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    public static async Task<VersionEnumeration> EnumerateVersionAsync(NetworkContext network, string host, int port, string? serverName,
        TlsVersion version, CancellationToken cancellationToken)
    {
        var all = CipherSuites.For(version).Select(s => s.Code).ToList();
        var first = await ProbeAsync(network, host, port, serverName, version, all, cancellationToken).ConfigureAwait(false);
        switch (first.Outcome)
        {
            case ProbeOutcome.Inconclusive:
                return new VersionEnumeration { Version = version, Status = "NotTested", Note = first.Reason };
            case ProbeOutcome.Rejected:
                return new VersionEnumeration { Version = version, Status = "NotOffered", Note = first.Reason };
        }
        var hello = first.Hello!;
        if (hello.Version != (int)version)
            return new VersionEnumeration { Version = version, Status = "NotOffered", Note = $"the server answered with {TlsVersions.Display(hello.Version)}" };

        var found = new ConcurrentDictionary<int, bool>();
        var unknown = new ConcurrentBag<int>();
        var notes = new ConcurrentBag<string>();
        if (!all.Contains(hello.CipherSuite))
        {
            unknown.Add(hello.CipherSuite);
            return new VersionEnumeration
            {
                Version = version, Status = "Offered", UnknownSuites = unknown.ToArray(),
                Note = $"the server chose 0x{hello.CipherSuite:X4}, which was not offered: suites not enumerated",
            };
        }
        found[hello.CipherSuite] = true;
        var groups = Groups(all.Where(c => c != hello.CipherSuite).ToList(), version);
        await Task.WhenAll(groups.Select(async group =>
        {
            var remaining = group.ToList();
            for (var i = 0; i < MaxProbesPerGroup && remaining.Count > 0; i++)
            {
                var r = await ProbeAsync(network, host, port, serverName, version, remaining, cancellationToken).ConfigureAwait(false);
                if (r.Outcome == ProbeOutcome.Rejected) return;
                if (r.Outcome == ProbeOutcome.Inconclusive) { notes.Add($"suite enumeration incomplete: {r.Reason}"); return; }
                var chosen = r.Hello!.CipherSuite;
                if (r.Hello.Version != (int)version) return; // it fell back to another version: none of these suites here
                if (!remaining.Remove(chosen))
                {
                    if (!all.Contains(chosen)) unknown.Add(chosen);
                    notes.Add($"the server chose 0x{chosen:X4}, which was not offered");
                    return;
                }
                found[chosen] = true;
            }
        })).ConfigureAwait(false);
        return new VersionEnumeration
        {
            Version = version,
            Status = "Offered",
            Suites = found.Keys.Select(c => CipherSuites.Find(c)!).OrderBy(s => s.Code).ToArray(),
            UnknownSuites = unknown.Distinct().ToArray(),
            Note = notes.IsEmpty ? null : string.Join("; ", notes.Distinct()),
        };
    }

    /// <summary>Splits suites by key exchange, so that each group's loop is short and the groups run side by side.</summary>
    internal static IReadOnlyList<List<int>> Groups(List<int> codes, TlsVersion version)
    {
        if (version == TlsVersion.Tls13) return new[] { codes };
        return codes.GroupBy(c =>
        {
            var name = CipherSuites.NameOf(c);
            return name.StartsWith("TLS_ECDHE_ECDSA", StringComparison.Ordinal) ? 0
                : name.StartsWith("TLS_ECDHE_RSA", StringComparison.Ordinal) ? 1
                : name.StartsWith("TLS_DHE_", StringComparison.Ordinal) ? 2
                : name.StartsWith("TLS_RSA_", StringComparison.Ordinal) ? 3 : 4;
        }).Select(g => g.ToList()).ToArray();
    }

    private static async Task<HelloProbeResult> ProbeAsync(NetworkContext network, string host, int port, string? serverName, TlsVersion version,
        IReadOnlyList<int> suites, CancellationToken cancellationToken)
    {
        await network.RateLimiter.WaitAsync(host, cancellationToken).ConfigureAwait(false);
        var hello = new ClientHelloOptions { Version = version, CipherSuites = suites, ServerName = serverName ?? host, StatusRequest = false };
        return await HelloProbe.SendAsync(network, host, port, hello, wantCertificates: false, cancellationToken).ConfigureAwait(false);
    }
}
