using System.Text;
using ApiThreat.Engine.Assessment.Api.Checks;
using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Tests.Assessment.Api;

/// <summary>
/// ATR-EXPO-043's reading of Verdaccio 6.8 (tests/Real/apps/realfw9-node-verdaccio): its web page, the package list of
/// /-/verdaccio/data/packages (counted, never named) and the version in /-/static/ui-options.js.
/// </summary>
public class VerdaccioOpenCheckTests
{
    private static HttpProbeResult Page(string body) => new()
    {
        RequestedUri = new Uri("http://127.0.0.1/"), FinalUri = new Uri("http://127.0.0.1/"), StatusCode = 200,
        Body = Encoding.UTF8.GetBytes(body), Headers = new[] { new KeyValuePair<string, string>("Content-Type", "text/html; charset=utf-8") },
    };

    [Fact]
    public void Its_package_list_is_counted()
    {
        Assert.Equal(2, VerdaccioOpenCheck.PackageCount(Encoding.UTF8.GetBytes("""[{"name":"internal-billing","version":"1.0.0"},{"name":"@corp/ui","version":"2.0.0"}]""")));
        Assert.Equal(0, VerdaccioOpenCheck.PackageCount(Encoding.UTF8.GetBytes("[]")));
        Assert.Null(VerdaccioOpenCheck.PackageCount(Encoding.UTF8.GetBytes("""{"error":"File not found"}""")));
        Assert.Null(VerdaccioOpenCheck.PackageCount(Encoding.UTF8.GetBytes("""[{"id":1,"item":"widget"}]""")));
    }

    [Fact]
    public void Its_page_and_version_are_read()
    {
        // As Verdaccio 6.8.0 served them.
        Assert.True(VerdaccioOpenCheck.IsPage(Page("""
            <!DOCTYPE html><html lang="en-us"><head><base href="http://127.0.0.1:4873/"><title>Verdaccio</title>
            <script src="http://127.0.0.1:4873/-/static/ui-options.js"></script></head><body class="body"><div id="root"></div></body></html>
            """)));
        Assert.False(VerdaccioOpenCheck.IsPage(Page("<html><body><div id=\"root\"></div><script src=\"/static/js/main.js\"></script></body></html>")));
        Assert.Equal("6.8.0", VerdaccioOpenCheck.Version("""window.__VERDACCIO_BASENAME_UI_OPTIONS={"darkMode":false,"basename":"/","primaryColor":"#4b5e40","version":"6.8.0","logo":""};"""));
        Assert.Null(VerdaccioOpenCheck.Version("""window.options={"version":"6.8.0"};"""));
    }
}
