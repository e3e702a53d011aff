using ApiThreat.Engine.Assessment.Authorization;

namespace ApiThreat.Engine.Tests.Assessment;

/// <summary>Test-ApiAuthorization's identity and -Operation rules, now in the engine: one message per mistake.</summary>
public sealed class AuthorizationIdentityTests
{
    private static AuthIdentity Bearer(string name) => new(name, IdentityHeaders.Token(name, "t0ken"));

    [Theory]
    [InlineData("")]
    [InlineData("anonymous")]
    [InlineData("ali\nce")]
    public void A_name_that_cannot_name_an_identity_is_refused(string name) =>
        Assert.Contains("-Identity has an invalid name", Assert.Throws<ArgumentException>(() => new IdentitySet(null).CheckName(name)).Message);

    [Fact]
    public void The_same_name_twice_is_refused_whatever_its_case()
    {
        var set = new IdentitySet(null);
        set.Add(Bearer(set.CheckName(" alice ")));
        Assert.Equal("-Identity names 'ALICE' twice.", Assert.Throws<ArgumentException>(() => set.CheckName("ALICE")).Message);
    }

    [Fact]
    public void Privilege_comes_from_PrivilegedIdentity_when_given_else_from_the_name()
    {
        Assert.True(new IdentitySet(null).IsPrivileged("admin"));
        Assert.False(new IdentitySet(new[] { "bob" }).IsPrivileged("admin"));
        Assert.True(new IdentitySet(new[] { "BOB" }).IsPrivileged("bob"));
    }

    [Fact]
    public void The_set_is_checked_whole_one_identity_warns_an_unknown_privileged_name_fails()
    {
        Assert.Throws<ArgumentException>(() => new IdentitySet(null).Complete());
        var one = new IdentitySet(null);
        one.Add(Bearer("alice"));
        Assert.StartsWith("Only one identity", one.Complete());
        var two = new IdentitySet(new[] { "carol" });
        two.Add(Bearer("alice"));
        two.Add(Bearer("bob"));
        Assert.Contains("-PrivilegedIdentity 'carol' is not one of the -Identity names (alice, bob)", Assert.Throws<ArgumentException>(() => two.Complete()).Message);
    }

    [Fact]
    public void Headers_refuse_bad_names_line_breaks_and_emptiness_and_a_bare_token_is_Bearer()
    {
        Assert.Throws<ArgumentException>(() => IdentityHeaders.Header("a", "X Key", "v"));
        Assert.Throws<ArgumentException>(() => IdentityHeaders.Header("a", "X-Key", "v\r\nInjected: 1"));
        Assert.Throws<ArgumentException>(() => IdentityHeaders.From("a", Array.Empty<KeyValuePair<string, string>>()));
        Assert.Equal("Bearer abc", IdentityHeaders.Token("a", " abc ")[0].Value);
        Assert.Equal("Token abc", IdentityHeaders.Token("a", "Token abc")[0].Value);
        Assert.Equal("Basic dTpw", IdentityHeaders.Basic("u", "p")[0].Value);
    }

    [Fact]
    public void Operations_parse_as_METHOD_path_and_a_malformed_one_is_named()
    {
        var ops = IdentityHeaders.ParseOperations(new[] { "get /notes/{id}", " DELETE  /notes/{id} " });
        Assert.Equal(new[] { "GET /notes/{id}", "DELETE /notes/{id}" }, ops.Select(o => $"{o.Method} {o.Path}"));
        Assert.Contains("-Operation 'GET notes'", Assert.Throws<ArgumentException>(() => IdentityHeaders.ParseOperations(new[] { "GET notes" })).Message);
    }
}
