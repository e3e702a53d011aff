using System.Collections.Concurrent;
using System.Net;
using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Discovery.Subdomains;

/// <summary>What names that cannot exist resolve to under one parent: nothing, or a wildcard's answer set.</summary>
public sealed class WildcardProfile
{
    private readonly HashSet<IPAddress> _addresses = new();
    private readonly HashSet<string> _cnameTargets = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _grow = new(1, 1);

    public required string Parent { get; init; }
    public bool IsWildcard { get; internal set; }
    /// <summary>Random probes asked so far (grows while a rotating answer set keeps showing new addresses).</summary>
    public int Probes { get; internal set; }
    /// <summary>No new answer in the last probes: the union is taken as the whole answer set.</summary>
    public bool Saturated { get; internal set; }
    /// <summary>Probes in a row that showed nothing new.</summary>
    public int QuietProbes { get; internal set; }
    /// <summary>Every probe failed (timeout, refusal): nothing is known about this level.</summary>
    public bool Unknown { get; internal set; }

    public IReadOnlyCollection<IPAddress> Addresses { get { lock (_addresses) return _addresses.ToArray(); } }
    public IReadOnlyCollection<string> CnameTargets { get { lock (_addresses) return _cnameTargets.ToArray(); } }

    internal SemaphoreSlim GrowLock => _grow;

    /// <summary>Adds a probe's answers; true when it showed something new.</summary>
    internal bool Add(NameResolution r)
    {
        var added = false;
        lock (_addresses)
        {
            foreach (var a in r.Addresses) added |= _addresses.Add(a);
            if (r.CnameChain.Count > 0) added |= _cnameTargets.Add(r.CnameChain[0]);
        }
        return added;
    }

    /// <summary>True when the answer could have come from the wildcard: same first CNAME target, or addresses all in its set.</summary>
    public bool Covers(NameResolution r)
    {
        lock (_addresses)
        {
            if (r.CnameChain.Count > 0) return _cnameTargets.Contains(r.CnameChain[0]);
            return r.Addresses.Count > 0 && r.Addresses.All(_addresses.Contains);
        }
    }
}

/// <summary>
/// Detects wildcards (and resolvers that answer for names that do not exist) at every level: random labels under a
/// parent are asked for A and AAAA; if any resolves, the parent is a wildcard level and the union of the answers is
/// its answer set. Load-balanced wildcards rotate their answers, so the union keeps growing until several probes in a
/// row add nothing, and grows again (bounded) when a candidate's answer falls outside it, before that candidate is
/// believed real. A candidate is a wildcard match when its first CNAME target, or every address, is in the set.
/// </summary>
public sealed class WildcardDetector
{
    private const int InitialProbes = 4;
    private const int StableRounds = 4;
    private const int MaxProbes = 96;
    private const int ExtraProbesPerSuspect = 24;
    private const int SaturationProbes = 32;
    private readonly BulkNameResolver _resolver;
    private readonly ConcurrentDictionary<string, Lazy<Task<WildcardProfile>>> _profiles = new(StringComparer.Ordinal);

    public WildcardDetector(BulkNameResolver resolver) => _resolver = resolver;

    public long ProbeQueries;

    public Task<WildcardProfile> ProfileAsync(string parent, CancellationToken cancellationToken) =>
        _profiles.GetOrAdd(parent, p => new Lazy<Task<WildcardProfile>>(() => BuildAsync(p, cancellationToken))).Value;

    public IEnumerable<WildcardProfile> KnownWildcards =>
        _profiles.Values.Where(l => l.IsValueCreated && l.Value.IsCompletedSuccessfully && l.Value.Result.IsWildcard).Select(l => l.Value.Result);

    private async Task<WildcardProfile> BuildAsync(string parent, CancellationToken cancellationToken)
    {
        var profile = new WildcardProfile { Parent = parent };
        var probes = await Task.WhenAll(Enumerable.Range(0, InitialProbes).Select(_ => ProbeAsync(parent, cancellationToken))).ConfigureAwait(false);
        profile.Probes = probes.Length;
        profile.Unknown = probes.All(p => p.Failed);
        foreach (var p in probes.Where(p => p.IsHost || p.CnameChain.Count > 0))
        {
            profile.IsWildcard = true;
            profile.Add(p);
        }
        if (profile.IsWildcard) await GrowAsync(profile, StableRounds, MaxProbes, null, cancellationToken).ConfigureAwait(false);
        return profile;
    }

    /// <summary>Probes until <paramref name="stableRounds"/> probes in a row add nothing, the budget is spent, or the suspect is covered.</summary>
    private async Task GrowAsync(WildcardProfile profile, int stableRounds, int budget, NameResolution? suspect, CancellationToken cancellationToken)
    {
        var quiet = 0;
        var spent = 0;
        while (quiet < stableRounds && spent < budget && !profile.Saturated)
        {
            if (suspect is not null && profile.Covers(suspect)) return;
            var batch = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => ProbeAsync(profile.Parent, cancellationToken))).ConfigureAwait(false);
            spent += batch.Length;
            profile.Probes += batch.Length;
            var added = false;
            foreach (var p in batch) added |= profile.Add(p);
            // Only answered probes are evidence that the set is complete: a timeout under load says nothing.
            var answered = batch.Count(p => p.IsHost || p.CnameChain.Count > 0);
            quiet = added ? 0 : quiet + answered;
            profile.QuietProbes = added ? 0 : profile.QuietProbes + answered;
            if (profile.QuietProbes >= SaturationProbes) profile.Saturated = true;
        }
    }

    /// <summary>Decides whether a resolved name is only the wildcard's answer.</summary>
    public async Task<bool> IsWildcardMatchAsync(WildcardProfile profile, string name, NameResolution resolution, CancellationToken cancellationToken)
    {
        if (!profile.IsWildcard) return false;
        if (profile.Covers(resolution)) return true;
        if (resolution.CnameChain.Count > 0) return false;
        // Outside the set seen so far: a rotating pool may simply not have shown this address yet. Look further.
        if (!profile.Saturated)
        {
            await profile.GrowLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (profile.Covers(resolution)) return true;
                await GrowAsync(profile, ExtraProbesPerSuspect, ExtraProbesPerSuspect, resolution, cancellationToken).ConfigureAwait(false);
                if (profile.Covers(resolution)) return true;
            }
            finally { profile.GrowLock.Release(); }
        }
        // Last check before believing the name is real: ask it again. A name with records of its own answers the same;
        // a name that only matches a rotating wildcard answers with another draw from the pool, inside the known set.
        for (var i = 0; i < 2; i++)
        {
            var again = await _resolver.ResolveAsync(name, cancellationToken).ConfigureAwait(false);
            if (again.IsHost && !again.Addresses.ToHashSet().SetEquals(resolution.Addresses) && profile.Covers(again))
            {
                profile.Add(resolution);
                return true;
            }
        }
        return false;
    }

    private async Task<NameResolution> ProbeAsync(string parent, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref ProbeQueries);
        return await _resolver.ResolveAsync($"{RandomLabel()}.{parent}", cancellationToken).ConfigureAwait(false);
    }

    private static string RandomLabel()
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        Span<char> chars = stackalloc char[16];
        chars[0] = 'z';
        for (var i = 1; i < chars.Length; i++) chars[i] = alphabet[Random.Shared.Next(alphabet.Length)];
        return new string(chars);
    }
}
