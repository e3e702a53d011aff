using System.Text;
using ApiThreat.Engine.Assessment.Api.Checks;
using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Tests.Assessment.Api;

/// <summary>
/// What the operations-server checks read from the answers of Supervisor, Webdis, Netdata and Glances (as the Debian
/// servers send them): names, states and counts, never a command line or a value; and their rules.
/// </summary>
public class OpsServerCheckTests
{
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void Supervisor_process_names_and_states()
    {
        static string P(string name, string state) =>
            $"<value><struct><member><name>name</name><value><string>{name}</string></value></member><member><name>pid</name><value><int>42</int></value></member><member><name>statename</name><value><string>{state}</string></value></member><member><name>description</name><value><string>pid 42, uptime 0:00:05</string></value></member></struct></value>";
        var body = $"<?xml version='1.0'?><methodResponse><params><param><value><array><data>{P("queue", "RUNNING")}{P("worker", "STOPPED")}</data></array></value></param></params></methodResponse>";
        Assert.Equal(new[] { ("queue", "RUNNING"), ("worker", "STOPPED") }, SupervisorOpenCheck.Processes(B(body)));
        Assert.Empty(SupervisorOpenCheck.Processes(B("<methodResponse><params><param><value><array><data></data></array></value></param></params></methodResponse>"))!);
        Assert.Null(SupervisorOpenCheck.Processes(B("<methodResponse><params><param><value><array><data><value><string>x</string></value></data></array></value></param></params></methodResponse>")));
        Assert.Null(SupervisorOpenCheck.Processes(B("<html>401 Unauthorized</html>")));
    }

    [Fact]
    public void Webdis_key_count()
    {
        Assert.Equal(2, WebdisOpenCheck.KeyCount(B("""{"DBSIZE":2}""")));
        Assert.Null(WebdisOpenCheck.KeyCount(B("""{"DBSIZE":[false,"ERR"]}""")));
        Assert.Null(WebdisOpenCheck.KeyCount(B("")));
    }

    [Fact]
    public void Netdata_chart_count()
    {
        var body = "{\n\t\"hostname\": \"vm\",\n\t\"version\": \"v1.37.1\",\n\t\"charts\": {\n\t\t\"system.cpu\": \t\t{ \"id\": \"system.cpu\" },\n\t\t\"system.load\": \t\t{ \"id\": \"system.load\" }\n\t}\n}";
        Assert.Equal((2, "v1.37.1"), NetdataOpenCheck.Charts(B(body)));
        Assert.Null(NetdataOpenCheck.Charts(B("""{"version":"v1.37.1"}""")));
        Assert.Null(NetdataOpenCheck.Charts(B("<html/>")));
    }

    [Fact]
    public void Glances_process_count_and_command_lines()
    {
        var body = """[{"name":"sleep","pid":7,"cmdline":["sleep","86400"],"username":"root"},{"name":"kworker","pid":9,"cmdline":[],"username":"root"}]""";
        Assert.Equal((2, 1), GlancesOpenCheck.Processes(B(body)));
        Assert.Null(GlancesOpenCheck.Processes(B("""["cpu","mem"]""")));
        Assert.Null(GlancesOpenCheck.Processes(B("""{"error":"x"}""")));
    }

    [Fact]
    public void Ops_server_rules_are_complete_and_in_their_range()
    {
        var rules = typeof(OpsServerRules).GetFields().Where(f => f.FieldType == typeof(ThreatRule)).Select(f => (ThreatRule)f.GetValue(null)!).ToList();
        Assert.Equal(new[] { "ATR-EXPO-024", "ATR-EXPO-025", "ATR-EXPO-026", "ATR-EXPO-027" }, rules.Select(r => r.Id).Order());
        Assert.All(rules, r =>
        {
            Assert.Same(r, RuleCatalog.Get(r.Id));
            Assert.False(string.IsNullOrWhiteSpace(r.Rationale));
            Assert.False(string.IsNullOrWhiteSpace(r.Remediation));
            Assert.All(r.References, u => Assert.StartsWith("http", u));
        });
        Assert.Equal(Severity.High, OpsServerRules.OpenSupervisor.Severity);
        Assert.Equal(Severity.Critical, OpsServerRules.OpenWebdis.Severity);
        Assert.Equal(Severity.Medium, OpsServerRules.OpenNetdata.Severity);
        Assert.Equal(Severity.High, OpsServerRules.OpenGlances.Severity);
    }
}
