using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Tests.Net;

public class TargetParsingTests
{
    [Theory]
    [InlineData("Contoso.COM.", "contoso.com", null, null)]
    [InlineData("api.contoso.com:8443", "api.contoso.com", 8443, null)]
    [InlineData("https://api.contoso.com/v1?x=1", "api.contoso.com", null, "https")]
    [InlineData("http://[2001:db8::1]:8080/", "2001:db8::1", 8080, "http")]
    [InlineData("[2001:db8::1]:443", "2001:db8::1", 443, null)]
    [InlineData("192.0.2.10", "192.0.2.10", null, null)]
    [InlineData("bücher.example", "xn--bcher-kva.example", null, null)]
    public void Targets_parse(string input, string host, int? port, string? scheme)
    {
        var t = ScanTarget.Parse(input);
        Assert.Equal(host, t.Host);
        Assert.Equal(port, t.Port);
        Assert.Equal(scheme, t.Scheme);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ftp://contoso.com")]
    [InlineData("contoso.com:99999")]
    [InlineData("bad host.com")]
    [InlineData("-leading.contoso.com")]
    [InlineData("a..b.com")]
    public void Bad_targets_give_an_error_naming_them(string input)
    {
        Assert.False(ScanTarget.TryParse(input, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
        if (input.Length > 0) Assert.Contains(input.Split(':')[0], error);
    }

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1", 53)]
    [InlineData("127.0.0.1:5353", "127.0.0.1", 5353)]
    [InlineData("[::1]:5353", "::1", 5353)]
    [InlineData("::1", "::1", 53)]
    public void Resolvers_parse(string input, string address, int port)
    {
        var ep = ResolverEndpoint.Parse(input);
        Assert.Equal(address, ep.Address.ToString());
        Assert.Equal(port, ep.Port);
    }

    [Theory]
    [InlineData("127.0.0.1:0")]
    [InlineData("[::1")]
    [InlineData("not a host")]
    public void Bad_resolvers_are_rejected(string input) =>
        Assert.False(ResolverEndpoint.TryParse(input, out _, out _));
}
