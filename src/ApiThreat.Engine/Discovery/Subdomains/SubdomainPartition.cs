namespace ApiThreat.Engine.Discovery.Subdomains;

/// <summary>
/// One worker's share of subdomain discovery when several workers (shards) enumerate the same domains: each resolves
/// only the candidates its stable hash owns, and after each phase the workers trade what they found through
/// <see cref="Parts"/>, so every worker goes into the next phase (certificate names, permutations, recursion) with
/// the union, exactly as one process would.
/// </summary>
public sealed class SubdomainPartition
{
    public required int Index { get; init; }
    public required int Count { get; init; }
    /// <summary>The shard that owns a name (the same function on every worker, machine and run).</summary>
    public required Func<string, int> OwnerOf { get; init; }
    public required IShardParts Parts { get; init; }
}

/// <summary>
/// Where the shards of one scan leave their part of each phase for the others (the inventory store they share). A
/// part is a list of text lines; publishing is first-writer-wins, and every writer of a part writes the same lines
/// (a part is a function of the phase's input, which every shard holds alike).
/// </summary>
public interface IShardParts
{
    Task PublishAsync(string phase, int shard, IReadOnlyList<string> lines, CancellationToken cancellationToken);

    /// <summary>The part if it is already there; never waits.</summary>
    Task<IReadOnlyList<string>?> TryReadAsync(string phase, int shard, CancellationToken cancellationToken);

    /// <summary>
    /// The part of <paramref name="shard"/>, waiting while that shard is at work; null when it will not come (the shard
    /// never started, finished without it, or stopped answering): the caller then does that part itself.
    /// </summary>
    Task<IReadOnlyList<string>?> AwaitAsync(string phase, int shard, CancellationToken cancellationToken);
}
