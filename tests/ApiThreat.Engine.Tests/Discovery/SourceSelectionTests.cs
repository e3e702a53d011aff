using ApiThreat.Engine.Discovery.Subdomains;

namespace ApiThreat.Engine.Tests.Discovery;

/// <summary>Find-Subdomain's -Source values combined into one set: the default when none is given, null for values that name nothing to search.</summary>
public sealed class SourceSelectionTests
{
    [Fact]
    public void No_value_means_the_default_sources() => Assert.Equal(SubdomainSources.Default, SourceSelection.Combine(null));

    [Fact]
    public void Values_combine_into_one_set() =>
        Assert.Equal(SubdomainSources.Wordlist | SubdomainSources.Passive,
            SourceSelection.Combine(new[] { SubdomainSources.Wordlist, SubdomainSources.Passive }));

    [Theory]
    [InlineData(SubdomainSources.None)]
    [InlineData(SubdomainSources.Recursive)]
    [InlineData(SubdomainSources.ReverseDns)]
    public void A_value_that_is_not_a_source_is_refused_alone_or_beside_a_source(SubdomainSources value)
    {
        Assert.Null(SourceSelection.Combine(new[] { value }));
        if (value != SubdomainSources.None) Assert.Null(SourceSelection.Combine(new[] { SubdomainSources.Wordlist, value }));
    }

    [Theory]
    [InlineData(SubdomainSources.Wordlist, 0, true)]
    [InlineData(SubdomainSources.ZoneTransfer, 0, false)]
    [InlineData(SubdomainSources.ZoneTransfer, 2, true)]
    public void The_wordlist_is_read_for_its_source_or_for_recursion(SubdomainSources sources, int recurse, bool needed) =>
        Assert.Equal(needed, SourceSelection.NeedsWordlist(sources, recurse));
}
