using System.Text.Json;
using System.Text.RegularExpressions;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Discovery.Apis;

/// <summary>
/// A server product recognised by the answer of its own status or version endpoint, with the HTTP API its
/// documentation defines: the API's base path, the product and version, and the documented operations.
/// </summary>
public sealed record ServerApi(string Product, string? Version, string Base, IReadOnlyList<(string Method, string Path)> Operations, string Evidence)
{
    /// <summary>"etcd 3.4.23", or the product alone when it names no version.</summary>
    public string Title => Version is null ? Product : $"{Product} {Version}";
}

/// <summary>
/// Data stores and notebook servers whose HTTP API has no description document, recognised by what their status or
/// version endpoint answers (frameworks.json, kind ServerStatus): etcd's GET /version, InfluxDB 1.x's GET /ping, the
/// Jupyter notebook server's GET /api, ZooKeeper's AdminServer GET /commands. Their documented operations stand for the API; nothing here sends a request.
/// </summary>
public static class ServerApis
{
    // etcd: /version and /health on the client URL, and the v3 API's JSON gateway (POST of JSON bodies with base64 keys):
    // https://etcd.io/docs/v3.4/dev-guide/api_grpc_gateway/ and https://etcd.io/docs/v3.4/op-guide/monitoring/
    private static readonly (string, string)[] s_etcd =
    {
        ("GET", "/version"), ("GET", "/health"),
        ("POST", "/v3/kv/range"), ("POST", "/v3/kv/put"), ("POST", "/v3/kv/deleterange"), ("POST", "/v3/kv/txn"),
        ("POST", "/v3/watch"), ("POST", "/v3/lease/grant"), ("POST", "/v3/cluster/member/list"), ("POST", "/v3/maintenance/status"),
        ("POST", "/v3/auth/authenticate"),
    };

    // InfluxDB 1.x's HTTP API: https://docs.influxdata.com/influxdb/v1/tools/api/
    private static readonly (string, string)[] s_influx = { ("GET", "/ping"), ("GET", "/query"), ("POST", "/query"), ("POST", "/write") };

    // The Jupyter notebook server's REST API (listings only; starting kernels and terminals are POSTs of the same
    // collections): https://jupyter-server.readthedocs.io/en/latest/developers/rest-api.html
    private static readonly (string, string)[] s_jupyter =
    {
        ("GET", "/api"), ("GET", "/api/contents"), ("GET", "/api/sessions"), ("GET", "/api/kernels"), ("GET", "/api/kernelspecs"),
        ("GET", "/api/terminals"), ("GET", "/api/status"),
    };

    // ZooKeeper's AdminServer (embedded Jetty, on by default since 3.5): /commands links every command, each a GET of
    // /commands/<name>: https://zookeeper.apache.org/doc/r3.8.0/zookeeperAdmin.html#sc_adminserver
    private static readonly Regex s_zooKeeperCommand = new(@"<a href=""/commands/([a-z_]{1,40})"">", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

    /// <summary>Commands that change the server (statistics resets, the trace mask, snapshots): never listed as reads.</summary>
    private static bool ChangesState(string command) =>
        command.Contains("reset", StringComparison.Ordinal) || command.StartsWith("set_", StringComparison.Ordinal) || command is "snapshot" or "restore";

    /// <summary>The server API that <paramref name="r"/>, the answer to GET <paramref name="path"/>, shows; null when none.</summary>
    public static ServerApi? Read(string path, HttpProbeResult r)
    {
        switch (path)
        {
            case "/version" when r.StatusCode == 200 && Property(r, "etcdserver") is { } server:
                return new ServerApi("etcd", Clean(server), "/", s_etcd, $"GET /version answers etcd's version document (etcdserver {Clean(server)})");
            case "/ping" when r.StatusCode is 200 or 204 && r.Header("X-Influxdb-Version") is { } influx:
                return new ServerApi("InfluxDB", Clean(influx), "/", s_influx, $"GET /ping answers {r.StatusCode} with X-Influxdb-Version: {Clean(influx)}");
            case "/api" when r.StatusCode == 200 && IsJupyter(r) && Property(r, "version") is { } jupyter:
                return new ServerApi("Jupyter notebook server", Clean(jupyter), "/api", s_jupyter, $"GET /api answers the Jupyter server's version document ({Clean(jupyter)})");
            case "/commands" when r.StatusCode == 200 && r.Body.Length is > 0 and < 64 * 1024 && ZooKeeperCommands(r.Text) is { Count: > 0 } commands:
                return new ServerApi("ZooKeeper AdminServer", null, "/commands", commands.Select(c => ("GET", "/commands/" + c)).ToArray(),
                    $"GET /commands lists {commands.Count} ZooKeeper AdminServer read command(s)");
            default:
                return null;
        }
    }

    /// <summary>The read commands an AdminServer's /commands page links (at least ruok and stats must be among them).</summary>
    public static IReadOnlyList<string> ZooKeeperCommands(string html)
    {
        List<string> names;
        try { names = s_zooKeeperCommand.Matches(html).Select(m => m.Groups[1].Value).Distinct().Take(64).ToList(); }
        catch (RegexMatchTimeoutException) { return Array.Empty<string>(); }
        if (!names.Contains("ruok") || !names.Contains("stats")) return Array.Empty<string>();
        return names.Where(n => !ChangesState(n)).ToList();
    }

    /// <summary>
    /// Jupyter's handlers all send the Content-Security-Policy that reports to its own /api/security/csp-report; the
    /// version document is a single "version" member.
    /// </summary>
    public static bool IsJupyter(HttpProbeResult r) =>
        (r.Header("Content-Security-Policy") ?? "").Contains("/api/security/csp-report", StringComparison.Ordinal);

    /// <summary>A string member of a small top-level JSON object; null when the body is not one.</summary>
    public static string? Property(HttpProbeResult r, string name)
    {
        if (r.Body.Length is 0 or > 4096) return null;
        try
        {
            using var doc = JsonDocument.Parse(r.Body, new JsonDocumentOptions { MaxDepth = 4 });
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
                ? v.GetString() : null;
        }
        catch (JsonException) { return null; }
    }

    private static string Clean(string s) => TextSafety.Truncate(TextSafety.StripControl(s.Trim()), 40);
}
