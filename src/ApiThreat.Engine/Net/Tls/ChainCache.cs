using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ApiThreat.Engine.Net.Tls;

/// <summary>
/// Chain-build results shared across grabs: many hosts present the same certificate (CDNs, wildcards), and a build
/// against the system store costs far more than the rest of the inspection. Keyed by the exact certificates sent, the
/// trust anchors and a time bucket (so a changed system store is seen within minutes); an entry is reused only while
/// no validity boundary of its certificates lies between its build time and the new one, so results never differ
/// from a fresh build. Concurrent grabs of one chain wait for a single build. Bounded: cleared when full.
/// </summary>
public sealed class ChainCache
{
    public static readonly TimeSpan Bucket = TimeSpan.FromMinutes(10);
    private readonly int _capacity;
    private readonly ConcurrentDictionary<string, Lazy<Entry>> _entries = new(StringComparer.Ordinal);
    private long _builds, _lookups, _entriesBuilt;

    public ChainCache(int capacity = 4096) => _capacity = Math.Max(1, capacity);

    /// <summary>X509Chain builds done so far (each system or custom-anchor build counts one).</summary>
    public long Builds => Interlocked.Read(ref _builds);
    /// <summary>Lookups answered from an entry built for an earlier one.</summary>
    public long Hits => Interlocked.Read(ref _lookups) - Interlocked.Read(ref _entriesBuilt);
    public int Count => _entries.Count;

    public BuiltChain GetOrBuild(IReadOnlyList<X509Certificate2> sent, X509Certificate2Collection trustedRoots, DateTimeOffset at)
    {
        Interlocked.Increment(ref _lookups);
        var key = KeyOf(sent, trustedRoots, at);
        if (_entries.Count >= _capacity) _entries.Clear();
        var entry = _entries.GetOrAdd(key, _ => new Lazy<Entry>(() => NewEntry(sent, trustedRoots, at))).Value;
        if (entry.Covers(at)) return entry.Chain;
        var fresh = NewEntry(sent, trustedRoots, at); // a validity boundary passed: rebuild and keep the newer result
        _entries[key] = new Lazy<Entry>(fresh);
        return fresh.Chain;
    }

    private Entry NewEntry(IReadOnlyList<X509Certificate2> sent, X509Certificate2Collection trustedRoots, DateTimeOffset at)
    {
        Interlocked.Increment(ref _entriesBuilt);
        var chain = ChainBuilder.Build(sent, trustedRoots, at, () => Interlocked.Increment(ref _builds));
        var boundaries = sent.Concat(chain.Elements).SelectMany(c => new[] { c.NotBefore.ToUniversalTime(), c.NotAfter.ToUniversalTime() })
            .Select(t => new DateTimeOffset(t)).ToArray();
        return new Entry(chain, at, boundaries);
    }

    private static string KeyOf(IReadOnlyList<X509Certificate2> sent, X509Certificate2Collection trustedRoots, DateTimeOffset at)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[4];
        foreach (var c in sent) Append(hash, c.RawDataMemory.Span, length);
        hash.AppendData("|anchors|"u8);
        foreach (var c in trustedRoots) Append(hash, c.RawDataMemory.Span, length);
        var bucket = at.UtcTicks / Bucket.Ticks;
        return $"{Convert.ToHexString(hash.GetHashAndReset())}|{bucket}";
    }

    private static void Append(IncrementalHash hash, ReadOnlySpan<byte> data, Span<byte> length)
    {
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        hash.AppendData(length);
        hash.AppendData(data);
    }

    private sealed class Entry(BuiltChain chain, DateTimeOffset builtAt, DateTimeOffset[] boundaries)
    {
        private static readonly TimeSpan Margin = TimeSpan.FromSeconds(2); // certificate times have one-second resolution

        public BuiltChain Chain { get; } = chain;

        /// <summary>True when no certificate starts or ends between the build time and <paramref name="at"/>.</summary>
        public bool Covers(DateTimeOffset at)
        {
            if (at == builtAt) return true; // built for this very lookup
            var (from, to) = at < builtAt ? (at, builtAt) : (builtAt, at);
            foreach (var b in boundaries)
                if (b >= from - Margin && b <= to + Margin) return false;
            return true;
        }
    }
}
