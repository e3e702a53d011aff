using ApiThreat.Engine.Net;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Tests.Text;

public class RedactUriTests
{
    [Theory]
    [InlineData("https://user:pw@crt.test/?api_key=s3cret&q=%25.a.test", "https://crt.test/?api_key=…&q=…")]
    [InlineData("http://[::1]:8080/p/a?flag", "http://[::1]:8080/p/a?flag")]
    [InlineData("https://a.test/x", "https://a.test/x")]
    public void Drops_user_info_and_query_values(string uri, string expected) =>
        Assert.Equal(expected, TextSafety.RedactUri(new Uri(uri)));
}
