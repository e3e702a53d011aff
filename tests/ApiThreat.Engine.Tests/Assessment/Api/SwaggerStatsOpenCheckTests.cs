using System.Text;
using ApiThreat.Engine.Assessment.Api.Checks;

namespace ApiThreat.Engine.Tests.Assessment.Api;

/// <summary>
/// ATR-EXPO-032's reading of swagger-stats 0.99's /stats?fields=lasterrors (tests/Real/apps/realfw8-node-swaggerstats):
/// the counters, and of the last errors only how many carry credential headers and which names, never a value.
/// </summary>
public class SwaggerStatsOpenCheckTests
{
    // Trimmed from what swagger-stats 0.99.7 answered; the bearer value is made up.
    private const string Stats = """
        {"startts":1796638994516,"all":{"requests":267,"responses":267,"errors":261,"success":6},"egress":{"requests":0},
         "sys":{"rss":7993},"name":"orders-api","version":"1.0.0","hostname":"vm","ip":"192.0.2.2",
         "lasterrors":[
          {"path":"/nope","method":"GET","http":{"request":{"url":"/nope","headers":{"host":"127.0.0.1:22021","accept":"*/*"}},"response":{"code":404}}},
          {"path":"/api/v1/orders/9","method":"GET","http":{"request":{"url":"/api/v1/orders/9","headers":{"host":"127.0.0.1:22021","Authorization":"Bearer made-up-value","cookie":"sid=x"}},"response":{"code":404}}}
         ]}
        """;

    [Fact]
    public void Counters_and_credential_header_names_are_read_never_values()
    {
        var s = SwaggerStatsOpenCheck.Read(Encoding.UTF8.GetBytes(Stats))!;
        Assert.Equal((267L, 261L, 2, 1), (s.Requests, s.Errors, s.LastErrors, s.WithCredentials));
        Assert.Equal(new[] { "authorization", "cookie" }, s.HeaderNames);
    }

    [Fact]
    public void Answers_that_are_not_swagger_stats_are_not_read()
    {
        Assert.Null(SwaggerStatsOpenCheck.Read(Encoding.UTF8.GetBytes("Authentication required")));
        Assert.Null(SwaggerStatsOpenCheck.Read(Encoding.UTF8.GetBytes("""{"all":{"requests":1}}""")));
        Assert.Null(SwaggerStatsOpenCheck.Read(Encoding.UTF8.GetBytes("[]")));
        var bare = SwaggerStatsOpenCheck.Read(Encoding.UTF8.GetBytes("""{"startts":1,"all":{"requests":3,"errors":0}}"""))!;
        Assert.Equal((3L, 0, 0), (bare.Requests, bare.LastErrors, bare.WithCredentials));
    }

    [Fact]
    public void The_uri_path_comes_from_the_inventory_under_any_base_path()
    {
        Assert.Equal("/swagger-stats", SwaggerStatsOpenCheck.UriPath(new[] { "/api/v1/orders", "/swagger-stats/stats" }));
        Assert.Equal("/svc/swagger-stats", SwaggerStatsOpenCheck.UriPath(new[] { "/svc/swagger-stats/metrics" }));
        Assert.Null(SwaggerStatsOpenCheck.UriPath(new[] { "/stats", "/metrics", "/api/swagger-stats" }));
    }
}
