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

    /// <summary>An XML-RPC API's methods, as its own system.listMethods lists them (Supervisor); empty for the others.</summary>
    public IReadOnlyList<string> Procedures { get; init; } = Array.Empty<string>();
}

/// <summary>
/// Data stores, notebook and operations servers whose HTTP API has no description document, recognised by what their status or
/// version endpoint answers (frameworks.json, kind ServerStatus): etcd's GET /version, InfluxDB 1.x's GET /ping, the
/// Jupyter notebook server's GET /api, ZooKeeper's AdminServer GET /commands, Supervisor's XML-RPC system.listMethods at
/// /RPC2, Webdis' GET /PING, Netdata's GET /api/v1/info, Glances' GET /api/3/pluginslist. Their documented operations
/// (listed in frameworks.json on the status entry, or read from ZooKeeper's /commands page and Supervisor's method list)
/// stand for the API; nothing here sends a request.
/// </summary>
public static class ServerApis
{
    // ZooKeeper's AdminServer (embedded Jetty, on by default since 3.5): /commands links every command, each a GET of
    // /commands/<name>: https://zookeeper.apache.org/doc/r3.8.0/zookeeperAdmin.html#sc_adminserver
    private static readonly Regex s_zooKeeperCommand = new(@"<a href=""/commands/([a-z_]{1,40})"">", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

    /// <summary>Commands that change the server (statistics resets, the trace mask, snapshots): never listed as reads.</summary>
    private static bool ChangesState(string command) =>
        command.Contains("reset", StringComparison.Ordinal) || command.StartsWith("set_", StringComparison.Ordinal) || command is "snapshot" or "restore";

    /// <summary>
    /// The server API that <paramref name="r"/>, the answer to GET of the ServerStatus <paramref name="entry"/>, shows; null
    /// when none. The documented operations come from the entry (frameworks.json); ZooKeeper's come from its own /commands page.
    /// </summary>
    public static ServerApi? Read(FrameworkPath entry, HttpProbeResult r)
    {
        var documented = entry.Operations;
        switch (entry.Path)
        {
            case "/version" when r.StatusCode == 200 && ServerAnswer.StringMember(r, "etcdserver") is { } server:
                return new ServerApi("etcd", Clean(server), "/", documented, $"GET /version answers etcd's version document (etcdserver {Clean(server)})");
            case "/ping" when r.StatusCode is 200 or 204 && r.Header("X-Influxdb-Version") is { } influx:
                return new ServerApi("InfluxDB", Clean(influx), "/", documented, $"GET /ping answers {r.StatusCode} with X-Influxdb-Version: {Clean(influx)}");
            case "/api" when r.StatusCode == 200 && ServerAnswer.IsJupyter(r) && ServerAnswer.StringMember(r, "version") is { } jupyter:
                return new ServerApi("Jupyter notebook server", Clean(jupyter), "/api", documented, $"GET /api answers the Jupyter server's version document ({Clean(jupyter)})");
            case "/commands" when r.StatusCode == 200 && r.Body.Length is > 0 and < 64 * 1024 && ZooKeeperCommands(r.Text) is { Count: > 0 } commands:
                return new ServerApi("ZooKeeper AdminServer", null, "/commands", commands.Select(c => ("GET", "/commands/" + c)).ToArray(),
                    $"GET /commands lists {commands.Count} ZooKeeper AdminServer read command(s)");
            // Supervisor's XML-RPC interface: https://supervisord.org/api.html (system.listMethods is the introspection read).
            case "/RPC2" when r.StatusCode == 200 && XmlRpc.Strings(r.Body) is { } methods && methods.Contains("supervisor.getState"):
                var procedures = methods.Where(m => m.Length is > 0 and <= 100 && m.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_')).Distinct().Take(500).ToArray();
                return new ServerApi("Supervisor", null, "/RPC2", Array.Empty<(string, string)>(),
                    $"POST /RPC2 system.listMethods lists {procedures.Length} XML-RPC method(s), Supervisor's supervisor.getState among them") { Procedures = procedures };
            // Webdis answers a Redis command named by the path with {"COMMAND": reply}: https://github.com/nicolasff/webdis#readme
            case "/PING" when r.StatusCode == 200 && r.Body.Length < 64 && r.Text.Trim() == "{\"PING\":[true,\"PONG\"]}":
                return new ServerApi("Webdis", null, "/", documented, "GET /PING answers Webdis' {\"PING\":[true,\"PONG\"]} (Redis' PONG over HTTP)");
            // Netdata's agent information: https://learn.netdata.cloud/docs/agent/web/api
            case "/api/v1/info" when r.StatusCode == 200 && ServerAnswer.StringMember(r, "version", 64 * 1024) is { } netdata && netdata.StartsWith('v')
                                     && ServerAnswer.TopLevelNames(r, 64 * 1024).Contains("mirrored_hosts"):
                return new ServerApi("Netdata", Clean(netdata.TrimStart('v')), "/api/v1", documented, $"GET /api/v1/info answers Netdata's agent information ({Clean(netdata)})");
            // Glances' RESTful API lists its plugins: https://github.com/nicolargo/glances/wiki/The-Glances-RESTFULL-JSON-API
            case "/api/3/pluginslist" when r.StatusCode == 200 && ServerAnswer.TopLevelNames(r) is { } plugins && plugins.Contains("processlist") && plugins.Contains("psutilversion"):
                return new ServerApi("Glances", null, "/api/3", documented, $"GET /api/3/pluginslist lists {plugins.Count} Glances plugin(s)");
            default:
                return null;
        }
    }

    /// <summary>The same, for the bundled frameworks.json's ServerStatus entry at <paramref name="path"/> (a plain entry when none).</summary>
    public static ServerApi? Read(string path, HttpProbeResult r) =>
        Read(FrameworkDefaults.Bundled.Frameworks.SelectMany(f => f.Paths).FirstOrDefault(p => p.Kind == ProbeKind.ServerStatus && p.Path == path)
            ?? new FrameworkPath(path, ProbeKind.ServerStatus, false), r);

    /// <summary>The read commands an AdminServer's /commands page links (at least ruok and stats must be among them).</summary>
    public static IReadOnlyList<string> ZooKeeperCommands(string html)
    {
        List<string> names;
        try { names = s_zooKeeperCommand.Matches(html).Select(m => m.Groups[1].Value).Distinct().Take(64).ToList(); }
        catch (RegexMatchTimeoutException) { return Array.Empty<string>(); }
        if (!names.Contains("ruok") || !names.Contains("stats")) return Array.Empty<string>();
        return names.Where(n => !ChangesState(n)).ToList();
    }

    private static string Clean(string s) => TextSafety.Truncate(TextSafety.StripControl(s.Trim()), 40);
}
