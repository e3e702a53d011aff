using System.Text;
using ApiThreat.Engine.Assessment.Api.Checks;
using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Tests.Assessment.Api;

/// <summary>ATR-EXPO-042: express-status-monitor 1.3's dashboard is known by its own script, not by the path /status.</summary>
public class StatusMonitorOpenCheckTests
{
    private static HttpProbeResult Page(string body, int status = 200, string type = "text/html; charset=utf-8") => new()
    {
        RequestedUri = new Uri("http://127.0.0.1/status"), FinalUri = new Uri("http://127.0.0.1/status"), StatusCode = status,
        Body = Encoding.UTF8.GetBytes(body), Headers = new[] { new KeyValuePair<string, string>("Content-Type", type) },
    };

    // Trimmed from the page express-status-monitor 1.3.4 rendered (src/public/index.html with javascripts/app.js inlined).
    private const string Dashboard = """
        <!DOCTYPE html><html><head><title>Express Status</title></head><body>
        <div class="container cpu"><h1 id="cpuStat">- %</h1><canvas id="cpuChart" width="400" height="100"></canvas></div>
        <script>socket.on('esm_start', function (data) {}); socket.on('esm_stats', function (data) {});</script></body></html>
        """;

    [Fact]
    public void Its_dashboard_is_recognised()
    {
        Assert.True(StatusMonitorOpenCheck.IsPage(Page(Dashboard)));
        Assert.False(StatusMonitorOpenCheck.IsPage(Page(Dashboard, 401)));
        Assert.False(StatusMonitorOpenCheck.IsPage(Page(Dashboard.Replace("esm_start", "start", StringComparison.Ordinal))));
    }

    [Fact]
    public void Another_status_page_is_not_it()
    {
        Assert.False(StatusMonitorOpenCheck.IsPage(Page("""{"status":"UP"}""", type: "application/json")));
        Assert.False(StatusMonitorOpenCheck.IsPage(Page("<html><head><title>Express Status</title></head><body>OK</body></html>")));
    }
}
