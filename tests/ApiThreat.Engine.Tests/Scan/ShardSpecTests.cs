using ApiThreat.Engine.Scan;

namespace ApiThreat.Engine.Tests.Scan;

public sealed class ShardSpecTests
{
    [Theory]
    [InlineData("0/3", 0, 3)]
    [InlineData(" 2 / 3 ", 2, 3)]
    [InlineData("0/1", 0, 1)]
    public void Parses_index_over_count(string text, int index, int count)
    {
        Assert.True(ShardSpec.TryParse(text, out var shard, out var error), error);
        Assert.Equal(new ShardSpec(index, count), shard);
    }

    [Theory]
    [InlineData("3/3")]
    [InlineData("1")]
    [InlineData("-1/3")]
    [InlineData("1/0")]
    [InlineData("a/b")]
    public void Refuses_what_is_no_shard_and_says_how(string text)
    {
        Assert.False(ShardSpec.TryParse(text, out _, out var error));
        Assert.Contains(text.Trim(), error);
        Assert.Contains("0/", error);
    }

    [Fact]
    public void Every_key_has_exactly_one_owner_and_the_owners_share_the_work()
    {
        var keys = Enumerable.Range(0, 3000).Select(i => $"host-{i}.contoso.com").ToList();
        var shards = Enumerable.Range(0, 3).Select(i => new ShardSpec(i, 3)).ToList();
        Assert.All(keys, k => Assert.Single(shards, s => s.Owns(k)));
        Assert.All(shards, s => Assert.InRange(keys.Count(s.Owns), 800, 1200));
        Assert.Equal(new ShardSpec(1, 3).Owns("API.Contoso.com."), new ShardSpec(1, 3).Owns("api.contoso.com"));
        Assert.All(keys, k => Assert.True(ShardSpec.Whole.Owns(k)));
    }

    [Fact]
    public void The_hash_is_stable_across_processes_and_versions()
    {
        // FNV-1a 64 of "api.contoso.com": a changed hash would reshuffle the hosts of running sharded scans.
        Assert.Equal(0x784faef28ea640d9UL, ShardSpec.StableHash("api.contoso.com"));
    }

    [Fact]
    public void Kubernetes_indexed_job_environment_gives_the_shard()
    {
        string? Env(string name) => name switch { "JOB_COMPLETION_INDEX" => "2", "APITHREAT_SHARD_COUNT" => "4", _ => null };
        Assert.Equal(new ShardSpec(2, 4), ShardSpec.FromEnvironment(Env, out _));
        Assert.Null(ShardSpec.FromEnvironment(_ => null, out var none));
        Assert.Equal("", none);
        Assert.Null(ShardSpec.FromEnvironment(n => n == "JOB_COMPLETION_INDEX" ? "1" : null, out var missing));
        Assert.Contains("APITHREAT_SHARD_COUNT", missing);
    }
}
