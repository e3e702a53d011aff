using System.Globalization;

namespace ApiThreat.Engine.Scan;

/// <summary>
/// One worker's part of a split scan: shard <see cref="Index"/> of <see cref="Count"/> (zero-based, like a Kubernetes
/// Indexed Job's JOB_COMPLETION_INDEX). Work is assigned by a stable hash of its key (a host name, an address, a
/// domain), so N workers on the same input take disjoint parts that together are the whole.
/// </summary>
public readonly record struct ShardSpec(int Index, int Count)
{
    /// <summary>The environment variable Kubernetes sets in each pod of an Indexed Job.</summary>
    public const string IndexVariable = "JOB_COMPLETION_INDEX";
    /// <summary>The shard count for runs that take their index from <see cref="IndexVariable"/> (Kubernetes does not pass the count).</summary>
    public const string CountVariable = "APITHREAT_SHARD_COUNT";

    public static ShardSpec Whole => new(0, 1);

    public bool IsWhole => Count <= 1;

    /// <summary>Parses "i/n" (0 ≤ i &lt; n ≤ 10,000); the error names the input and the fix.</summary>
    public static bool TryParse(string? text, out ShardSpec shard, out string error)
    {
        shard = Whole;
        error = "";
        var parts = (text ?? "").Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || !int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            error = $"'{text}' is not a shard: give index/count, such as 0/3 (zero-based, like JOB_COMPLETION_INDEX).";
            return false;
        }
        if (count < 1 || count > 10_000 || index >= count)
        {
            error = $"'{text}' is not a shard: the count must be 1 to 10000 and the index 0 to count-1 (0/{Math.Max(count, 1)} to {Math.Max(count, 1) - 1}/{Math.Max(count, 1)}).";
            return false;
        }
        shard = new ShardSpec(index, count);
        return true;
    }

    /// <summary>
    /// The shard given by the environment of a Kubernetes Indexed Job: JOB_COMPLETION_INDEX and APITHREAT_SHARD_COUNT.
    /// Null when the index is absent; an error when it is present but the pair does not make a shard.
    /// </summary>
    public static ShardSpec? FromEnvironment(Func<string, string?> variable, out string error)
    {
        error = "";
        var index = variable(IndexVariable);
        if (string.IsNullOrWhiteSpace(index)) return null;
        var count = variable(CountVariable);
        if (string.IsNullOrWhiteSpace(count))
        {
            error = $"{IndexVariable} is set ({index}) but {CountVariable} is not: set it to the Job's completions so each worker knows its share.";
            return null;
        }
        return TryParse($"{index.Trim()}/{count.Trim()}", out var shard, out error) ? shard : null;
    }

    /// <summary>Whether this shard owns <paramref name="key"/> (case-insensitive; the same on every machine and run).</summary>
    public bool Owns(string key) => IsWhole || (int)(StableHash(key) % (ulong)Count) == Index;

    /// <summary>FNV-1a over the lower-cased key: string.GetHashCode differs between processes.</summary>
    public static ulong StableHash(string key)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in key.Trim().TrimEnd('.').ToLowerInvariant())
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        return hash;
    }

    public override string ToString() => $"{Index}/{Count}";
}
