using System.Text;
using ApiThreat.Engine.Assessment.Api.Checks;
using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Discovery.Apis;
using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Tests.Discovery;

/// <summary>
/// Data stores and notebook servers recognised by their own status endpoint (etcd, InfluxDB 1.x, Jupyter), and the
/// answers their open-access checks read; bodies and headers as the Debian servers send them (tests/Real/apps/realfw7-store-*).
/// </summary>
public class ServerApiTests
{
    private const string JupyterCsp = "frame-ancestors 'self'; report-uri /api/security/csp-report; default-src 'none'";

    [Fact]
    public void Etcd_version_document_stands_for_its_v3_gateway()
    {
        var api = ServerApis.Read("/version", Answer("/version", 200, "application/json", """{"etcdserver":"3.4.23","etcdcluster":"3.4.0"}"""));
        Assert.NotNull(api);
        Assert.Equal("etcd 3.4.23", api.Title);
        Assert.Equal("/", api.Base);
        Assert.Contains(("POST", "/v3/kv/range"), api.Operations);
        Assert.Contains(("GET", "/health"), api.Operations);
    }

    [Fact]
    public void Influxdb_ping_is_recognised_by_its_version_header()
    {
        var api = ServerApis.Read("/ping", Answer("/ping", 204, "application/json", "", ("X-Influxdb-Version", "1.6.7~rc0"), ("X-Influxdb-Build", "OSS")));
        Assert.NotNull(api);
        Assert.Equal("InfluxDB 1.6.7~rc0", api.Title);
        Assert.Equal(new[] { ("GET", "/ping"), ("GET", "/query"), ("POST", "/query"), ("POST", "/write") }, api.Operations);
    }

    [Fact]
    public void Jupyter_api_needs_its_csp_beside_the_version()
    {
        var api = ServerApis.Read("/api", Answer("/api", 200, "application/json", """{"version": "6.4.12"}""", ("Content-Security-Policy", JupyterCsp)));
        Assert.NotNull(api);
        Assert.Equal("/api", api.Base);
        Assert.Contains(("GET", "/api/contents"), api.Operations);
        Assert.DoesNotContain(api.Operations, o => o.Method != "GET");
        // Any other API's {"version": ...} at /api is not Jupyter.
        Assert.Null(ServerApis.Read("/api", Answer("/api", 200, "application/json", """{"version": "1.0"}""")));
    }

    [Theory]
    [InlineData("/version", 200, """{"version":"1.2.3"}""")]
    [InlineData("/version", 404, """{"etcdserver":"3.4.23"}""")]
    [InlineData("/version", 200, "<html>etcdserver</html>")]
    [InlineData("/ping", 204, "")]
    [InlineData("/health", 200, """{"etcdserver":"3.4.23"}""")]
    public void Other_answers_are_no_server_api(string path, int status, string body)
    {
        Assert.Null(ServerApis.Read(path, Answer(path, status, "application/json", body)));
    }

    [Fact]
    public void Frameworks_recognise_the_servers_from_their_root_and_not_found_answers()
    {
        var defaults = FrameworkDefaults.Bundled;
        var etcd = defaults.Recognise(Answer("/", 404, "text/plain; charset=utf-8", "404 page not found\n", ("Access-Control-Allow-Origin", "*")));
        Assert.Contains(etcd, f => f.Name == "etcd" && f.Paths.Single().Kind == ProbeKind.ServerStatus && f.Paths.Single().Path == "/version");
        var influx = defaults.Recognise(Answer("/", 404, "text/plain; charset=utf-8", "404 page not found", ("X-Influxdb-Version", "1.6.7~rc0")));
        Assert.Contains(influx, f => f.Name == "InfluxDB");
        // Jupyter runs on Tornado: both are recognised, and only Jupyter brings a path.
        var onJupyter = defaults.Recognise(Answer("/login", 200, "text/html; charset=UTF-8", "<html><title>Jupyter Notebook</title></html>",
            ("Server", "TornadoServer/6.2"), ("Content-Security-Policy", "frame-ancestors 'self'; report-uri /api/security/csp-report")));
        Assert.Empty(Assert.Single(onJupyter, f => f.Name == "Tornado").Paths);
        var jupyter = Assert.Single(onJupyter, f => f.Name != "Tornado");
        Assert.Equal("/api", jupyter.Paths.Single().Path);
    }

    [Fact]
    public void Server_versions_are_read_where_each_product_states_them()
    {
        Assert.Equal(new[] { ("X-Influxdb-Version", "InfluxDB 1.6.7~rc0") },
            ServerVersions.Read(Answer("/query", 401, "application/json", "{}", ("X-Influxdb-Version", "1.6.7~rc0"))));
        Assert.Equal(new[] { ("GET /version", "etcd 3.4.23") },
            ServerVersions.Read(Answer("/version", 200, "application/json", """{"etcdserver":"3.4.23","etcdcluster":"3.4.0"}""")));
        Assert.Equal(new[] { ("GET /api", "Jupyter notebook server 6.4.12") },
            ServerVersions.Read(Answer("/api", 200, "application/json", """{"version": "6.4.12"}""", ("Content-Security-Policy", JupyterCsp))));
        Assert.Empty(ServerVersions.Read(Answer("/api", 200, "application/json", """{"version": "6.4.12"}""")));
        Assert.Empty(ServerVersions.Read(Answer("/version", 200, "application/json", """{"etcdserver":"unknown"}""")));
    }

    [Fact]
    public void Etcd_range_answers_give_a_count_and_the_first_key_name_only()
    {
        var open = Encoding.UTF8.GetBytes("""{"header":{"cluster_id":"1","member_id":"2","revision":"3","raft_term":"2"},"kvs":[{"key":"L2FwcC9jb25maWc=","create_revision":"3","mod_revision":"3","version":"1"}],"more":true,"count":"2"}""");
        Assert.Equal((2L, "/app/config"), EtcdOpenCheck.Range(open)!.Value);
        Assert.Equal((0L, (string?)null), EtcdOpenCheck.Range(Encoding.UTF8.GetBytes("""{"header":{"revision":"1"}}"""))!.Value);
        Assert.Null(EtcdOpenCheck.Range(Encoding.UTF8.GetBytes("""{"error":"etcdserver: user name is empty","message":"etcdserver: user name is empty","code":3}""")));
        var v2 = Encoding.UTF8.GetBytes("""{"action":"get","node":{"dir":true,"nodes":[{"key":"/config","dir":true,"modifiedIndex":4,"createdIndex":4},{"key":"/token","value":"x","modifiedIndex":5,"createdIndex":5}]}}""");
        Assert.Equal((2L, "/config"), EtcdOpenCheck.V2Keys(v2)!.Value);
    }

    [Fact]
    public void Influxdb_show_databases_gives_the_names_or_null_when_refused()
    {
        var open = Encoding.UTF8.GetBytes("""{"results":[{"statement_id":0,"series":[{"name":"databases","columns":["name"],"values":[["telemetry"],["_internal"]]}]}]}""");
        Assert.Equal(new[] { "telemetry", "_internal" }, InfluxDbOpenCheck.Databases(open));
        Assert.Empty(InfluxDbOpenCheck.Databases(Encoding.UTF8.GetBytes("""{"results":[{"statement_id":0}]}"""))!);
        Assert.Null(InfluxDbOpenCheck.Databases(Encoding.UTF8.GetBytes("""{"results":[{"statement_id":0,"error":"error authorizing query: create admin user first or disable authentication"}]}""")));
        Assert.Null(InfluxDbOpenCheck.Databases(Encoding.UTF8.GetBytes("""{"error":"unable to parse authentication credentials"}""")));
    }

    [Fact]
    public void Zookeeper_admin_commands_are_listed_without_those_that_change_the_server()
    {
        const string html = "<a href=\"/commands/configuration\">configuration</a>\n<br/>\n<a href=\"/commands/connection_stat_reset\">connection_stat_reset</a>\n<br/>\n"
            + "<a href=\"/commands/ruok\">ruok</a>\n<br/>\n<a href=\"/commands/set_trace_mask\">set_trace_mask</a>\n<br/>\n<a href=\"/commands/stat_reset\">stat_reset</a>\n<br/>\n<a href=\"/commands/stats\">stats</a>\n<br/>\n";
        var api = ServerApis.Read("/commands", Answer("/commands", 200, "text/html", html, ("Server", "Jetty(9.4.57.v20241219)")));
        Assert.NotNull(api);
        Assert.Equal("/commands", api.Base);
        Assert.Equal(new[] { ("GET", "/commands/configuration"), ("GET", "/commands/ruok"), ("GET", "/commands/stats") }, api.Operations);
        // A page of links that is not the AdminServer's command list.
        Assert.Null(ServerApis.Read("/commands", Answer("/commands", 200, "text/html", "<a href=\"/commands/help\">help</a>")));
        var stats = Answer("/commands/stats", 200, "application/json", """{"version" : "3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC", "read_only" : false, "server_stats" : {"server_state" : "standalone", "num_alive_client_connections" : 1}, "node_count" : 5, "command" : "stats", "error" : null}""");
        Assert.Equal(("standalone", 5L, 1L), ZooKeeperAdminCheck.Stats(stats)!.Value);
        Assert.Equal(new[] { ("GET /commands/stats", "ZooKeeper 3.8.0") }, ServerVersions.Read(stats));
    }

    private static HttpProbeResult Answer(string path, int status, string type, string body, params (string Name, string Value)[] headers)
    {
        var u = new Uri("http://store.example.test" + path);
        return new HttpProbeResult
        {
            RequestedUri = u, FinalUri = u, StatusCode = status, Body = Encoding.UTF8.GetBytes(body),
            Headers = headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)).Append(new KeyValuePair<string, string>("Content-Type", type)).ToArray(),
        };
    }
}
