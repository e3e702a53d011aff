using System.Text;
using ApiThreat.Engine.Discovery.Apis;
using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Tests.Discovery;

/// <summary>
/// Operations servers recognised by their own status answer (Supervisor, Webdis, Netdata, Glances), with bodies and
/// headers as the Debian servers send them (tests/Real/apps/realfw8-ops-*).
/// </summary>
public class OpsServerApiTests
{
    private const string ListMethods = "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><array><data>\n<value><string>supervisor.getAllProcessInfo</string></value>\n<value><string>supervisor.getState</string></value>\n<value><string>supervisor.stopProcess</string></value>\n<value><string>system.listMethods</string></value>\n</data></array></value>\n</param>\n</params>\n</methodResponse>\n";

    private static FrameworkPath Entry(string name) => FrameworkDefaults.Bundled.Frameworks.Single(f => f.Name == name).Paths.Single(p => p.Kind == ProbeKind.ServerStatus);

    [Fact]
    public void Supervisor_is_recognised_by_its_xml_rpc_method_list()
    {
        var entry = Entry("Supervisor");
        Assert.Equal("/RPC2", entry.Path);
        Assert.Equal("system.listMethods", entry.Call);
        var api = ServerApis.Read(entry, Answer("/RPC2", 200, "text/xml", ListMethods, ("Server", "Medusa/1.12")));
        Assert.NotNull(api);
        Assert.Equal("Supervisor", api.Title);
        Assert.Equal("/RPC2", api.Base);
        Assert.Empty(api.Operations);
        Assert.Equal(new[] { "supervisor.getAllProcessInfo", "supervisor.getState", "supervisor.stopProcess", "system.listMethods" }, api.Procedures);
        // Another XML-RPC server's method list is not Supervisor's; a 401 is nothing.
        Assert.Null(ServerApis.Read(entry, Answer("/RPC2", 200, "text/xml", ListMethods.Replace("supervisor.getState", "wp.getPosts"))));
        Assert.Null(ServerApis.Read(entry, Answer("/RPC2", 401, "text/html", "<html>Unauthorized</html>", ("WWW-Authenticate", "Basic realm=\"default\""))));
    }

    [Fact]
    public void Webdis_is_recognised_by_its_pong()
    {
        var entry = Entry("Webdis");
        var api = ServerApis.Read(entry, Answer("/PING", 200, "application/json", """{"PING":[true,"PONG"]}""", ("Server", "Webdis")));
        Assert.NotNull(api);
        Assert.Equal("Webdis", api.Title);
        Assert.Contains(("GET", "/DBSIZE"), api.Operations);
        Assert.DoesNotContain(api.Operations, o => o.Path.StartsWith("/SET", StringComparison.Ordinal) || o.Path.StartsWith("/DEL", StringComparison.Ordinal) || o.Method != "GET");
        Assert.Null(ServerApis.Read(entry, Answer("/PING", 403, "text/plain", "")));
        Assert.Null(ServerApis.Read(entry, Answer("/PING", 200, "text/plain", "PONG")));
    }

    [Fact]
    public void Netdata_is_recognised_by_its_agent_information()
    {
        var entry = Entry("Netdata");
        var body = "{\n\t\"version\": \"v1.37.1\",\n\t\"uid\": \"0f7f7d58\",\n\t\"mirrored_hosts\": [\n\t\t\"vm\"\n\t],\n\t\"alarms\": {\n\t\t\"normal\": 0\n\t}\n}";
        var api = ServerApis.Read(entry, Answer("/api/v1/info", 200, "application/json; charset=utf-8", body, ("Server", "Netdata Embedded HTTP Server v1.37.1")));
        Assert.NotNull(api);
        Assert.Equal("Netdata 1.37.1", api.Title);
        Assert.Equal("/api/v1", api.Base);
        Assert.Contains(("GET", "/api/v1/allmetrics"), api.Operations);
        // Any other API's {"version": ...} at the same path is not Netdata.
        Assert.Null(ServerApis.Read(entry, Answer("/api/v1/info", 200, "application/json", """{"version":"v2.0.0"}""")));
    }

    [Fact]
    public void Glances_is_recognised_by_its_plugin_list()
    {
        var entry = Entry("Glances");
        var api = ServerApis.Read(entry, Answer("/api/3/pluginslist", 200, "application/json; charset=utf-8", """["sensors","system","cpu","psutilversion","processlist","mem"]"""));
        Assert.NotNull(api);
        Assert.Equal("Glances", api.Title);
        Assert.Equal("/api/3", api.Base);
        Assert.Contains(("GET", "/api/3/processlist"), api.Operations);
        Assert.Null(ServerApis.Read(entry, Answer("/api/3/pluginslist", 200, "application/json", """["cpu","mem"]""")));
    }

    [Fact]
    public void Frameworks_recognise_the_ops_servers_from_their_root_answers()
    {
        var defaults = FrameworkDefaults.Bundled;
        Assert.Contains(defaults.Recognise(Answer("/", 200, "text/html;charset=utf-8", "<html><title>Supervisor Status</title></html>", ("Server", "Medusa/1.12"))), f => f.Name == "Supervisor");
        Assert.Contains(defaults.Recognise(Answer("/", 403, "text/plain", "", ("Server", "Webdis"))), f => f.Name == "Webdis");
        Assert.Contains(defaults.Recognise(Answer("/", 200, "text/html", "<html><title>netdata dashboard</title></html>", ("Server", "Netdata Embedded HTTP Server v1.37.1"))), f => f.Name == "Netdata");
        Assert.Contains(defaults.Recognise(Answer("/", 200, "text/html; charset=UTF-8", "<!DOCTYPE html>\n<html><head><title>Glances</title><script>\n      window.__GLANCES__ = {\n        'refresh-time': '2'\n      }\n</script></head></html>", ("Server", "WSGIServer/0.2 CPython/3.11.2"))), f => f.Name == "Glances");
    }

    private static HttpProbeResult Answer(string path, int status, string type, string body, params (string Name, string Value)[] headers)
    {
        var u = new Uri("http://ops.example.test" + path);
        return new HttpProbeResult
        {
            RequestedUri = u, FinalUri = u, StatusCode = status, Body = Encoding.UTF8.GetBytes(body),
            Headers = headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)).Append(new KeyValuePair<string, string>("Content-Type", type)).ToArray(),
        };
    }
}
