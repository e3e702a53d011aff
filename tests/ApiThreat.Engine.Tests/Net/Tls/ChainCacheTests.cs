using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ApiThreat.Engine.Certificates;
using ApiThreat.Engine.Net.Tls;

namespace ApiThreat.Engine.Tests.Net.Tls;

public sealed class ChainCacheTests
{
    private static readonly DateTimeOffset Start = new(2031, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static X509Certificate2 SelfSigned(string name, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        return X509CertificateLoader.LoadCertificate(request.CreateSelfSigned(notBefore, notAfter).RawData);
    }

    [Fact]
    public void A_chain_is_built_once_and_then_reused()
    {
        var cert = SelfSigned("reuse.test", Start.AddDays(-1), Start.AddDays(30));
        var cache = new ChainCache();
        var anchors = new X509Certificate2Collection();
        var first = cache.GetOrBuild(new[] { cert }, anchors, Start);
        Assert.Equal(1, cache.Builds); // untrusted by the system, no anchors: one build
        for (var i = 1; i <= 5; i++) Assert.Same(first, cache.GetOrBuild(new[] { cert }, anchors, Start.AddSeconds(i)));
        Assert.Equal(1, cache.Builds);
        Assert.Equal(5, cache.Hits);
    }

    [Fact]
    public void Trust_anchors_are_part_of_the_key_and_cost_one_more_build()
    {
        var cert = SelfSigned("anchored.test", Start.AddDays(-1), Start.AddDays(30));
        var cache = new ChainCache();
        var untrusted = cache.GetOrBuild(new[] { cert }, new X509Certificate2Collection(), Start);
        var trusted = cache.GetOrBuild(new[] { cert }, new X509Certificate2Collection { cert }, Start);
        Assert.False(untrusted.Trusted);
        Assert.True(trusted.Trusted);
        Assert.Equal(2, cache.Builds); // system; then the anchors alone, which trust it (the system store is not asked)
        Assert.Same(trusted, cache.GetOrBuild(new[] { cert }, new X509Certificate2Collection { cert }, Start.AddMinutes(1)));
        Assert.Equal(2, cache.Builds);
    }

    [Fact]
    public void A_validity_boundary_between_two_lookups_forces_a_rebuild_with_the_fresh_verdict()
    {
        var cert = SelfSigned("expires.test", Start.AddDays(-1), Start.AddMinutes(2));
        var anchors = new X509Certificate2Collection { cert };
        var cache = new ChainCache();
        var before = cache.GetOrBuild(new[] { cert }, anchors, Start.AddMinutes(1));
        var after = cache.GetOrBuild(new[] { cert }, anchors, Start.AddMinutes(3)); // same ten-minute bucket
        var fresh = ChainBuilder.Build(new[] { cert }, anchors, Start.AddMinutes(3));
        Assert.Equal(X509ChainStatusFlags.NoError, before.Status);
        Assert.NotEqual(X509ChainStatusFlags.NoError, after.Status & X509ChainStatusFlags.NotTimeValid);
        Assert.Equal(fresh.Status, after.Status);
        Assert.Equal(2, cache.Builds); // one anchored build each side of the boundary
    }

    [Fact]
    public void Concurrent_lookups_of_one_chain_wait_for_a_single_build()
    {
        var cert = SelfSigned("concurrent.test", Start.AddDays(-1), Start.AddDays(30));
        var cache = new ChainCache();
        Parallel.For(0, 64, i => cache.GetOrBuild(new[] { cert }, new X509Certificate2Collection(), Start.AddMilliseconds(i)));
        Assert.Equal(1, cache.Builds);
    }

    [Fact]
    public void The_cache_is_bounded()
    {
        var cache = new ChainCache(capacity: 3);
        for (var i = 0; i < 10; i++)
            cache.GetOrBuild(new[] { SelfSigned($"bounded{i}.test", Start.AddDays(-1), Start.AddDays(30)) }, new X509Certificate2Collection(), Start);
        Assert.InRange(cache.Count, 1, 3);
        Assert.Equal(10, cache.Builds);
    }
}
