using System.Text;
using ApiThreat.Engine.Assessment.Api.Checks;
using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Tests.Assessment.Api;

/// <summary>
/// ATR-EXPO-030's reading of Node-RED's Admin API answers, as Node-RED 4.1 serves them (tests/Real/apps/realfw8-node-nodered):
/// /auth/login's {} (no adminAuth) against a named strategy, and /flows counted by tabs, nodes and types, never quoted.
/// </summary>
public class NodeRedOpenCheckTests
{
    private static HttpProbeResult Answer(string body, int status = 200, string type = "application/json; charset=utf-8") => new()
    {
        RequestedUri = new Uri("http://127.0.0.1/auth/login"), FinalUri = new Uri("http://127.0.0.1/auth/login"), StatusCode = status,
        Body = Encoding.UTF8.GetBytes(body), Headers = new[] { new KeyValuePair<string, string>("Content-Type", type) },
    };

    [Fact]
    public void Login_strategy_is_empty_only_without_adminAuth()
    {
        Assert.Equal("", NodeRedOpenCheck.LoginStrategy(Answer("{}")));
        Assert.Equal("credentials", NodeRedOpenCheck.LoginStrategy(Answer("""{"type":"credentials","prompts":[{"id":"username","type":"text","label":"user.username"}]}""")));
        Assert.Equal("strategy", NodeRedOpenCheck.LoginStrategy(Answer("""{"type":"strategy","prompts":[{"type":"button","label":"Sign in with GitHub","url":"/auth/strategy"}]}""")));
        Assert.Null(NodeRedOpenCheck.LoginStrategy(Answer("Unauthorized", 401, "text/plain")));
        Assert.Null(NodeRedOpenCheck.LoginStrategy(Answer("[]")));
        Assert.Null(NodeRedOpenCheck.LoginStrategy(Answer("<html><title>Login</title></html>", type: "text/html")));
        Assert.Null(NodeRedOpenCheck.LoginStrategy(null));
    }

    [Fact]
    public void Flows_are_counted_by_tab_node_and_type_in_both_api_versions()
    {
        const string v1 = """
            [{"id":"f1","type":"tab","label":"Orders API"},{"id":"n1","type":"http in","z":"f1","url":"/orders","method":"get","wires":[["n2"]]},
             {"id":"n2","type":"function","z":"f1","func":"return msg;","wires":[["n3"]]},{"id":"n3","type":"http response","z":"f1","wires":[]},
             {"id":"n4","type":"exec","z":"f1","command":"ls","wires":[[],[],[]]},{"id":"g1","type":"group","z":"f1","nodes":["n1"]}]
            """;
        var (tabs, nodes, types) = NodeRedOpenCheck.Flows(Encoding.UTF8.GetBytes(v1))!.Value;
        Assert.Equal(1, tabs);
        Assert.Equal(4, nodes);
        Assert.Equal(new[] { "exec", "function", "http in", "http response" }, types);
        var v2 = NodeRedOpenCheck.Flows(Encoding.UTF8.GetBytes("""{"rev":"abc","flows":[{"id":"f1","type":"tab"},{"id":"n1","type":"debug","z":"f1"}]}"""))!.Value;
        Assert.Equal((1, 1), (v2.Tabs, v2.Nodes));
        Assert.Equal((0, 0), (NodeRedOpenCheck.Flows(Encoding.UTF8.GetBytes("[]"))!.Value.Tabs, NodeRedOpenCheck.Flows(Encoding.UTF8.GetBytes("[]"))!.Value.Nodes));
    }

    [Fact]
    public void Answers_that_are_not_flows_are_not_counted()
    {
        Assert.Null(NodeRedOpenCheck.Flows(Encoding.UTF8.GetBytes("Unauthorized")));
        Assert.Null(NodeRedOpenCheck.Flows(Encoding.UTF8.GetBytes("""[{"name":"a"},{"name":"b"}]""")));
        Assert.Null(NodeRedOpenCheck.Flows(Encoding.UTF8.GetBytes("""{"flows":"none"}""")));
        Assert.Null(NodeRedOpenCheck.Flows(Encoding.UTF8.GetBytes("[1,2,3]")));
    }

    [Fact]
    public void Every_node_server_rule_is_complete_and_in_the_catalogue()
    {
        var rules = typeof(NodeServerRules).GetFields().Select(f => (ThreatRule)f.GetValue(null)!).ToList();
        Assert.Equal(3, rules.Count);
        Assert.All(rules, r =>
        {
            Assert.Same(r, RuleCatalog.Get(r.Id));
            Assert.Matches(@"^ATR-EXPO-03[0-5]$", r.Id);
            Assert.False(string.IsNullOrWhiteSpace(r.Rationale));
            Assert.False(string.IsNullOrWhiteSpace(r.Remediation));
            Assert.Matches(@"^CWE-\d+$", r.Cwe);
            Assert.Matches(@"^API\d+:2023$", r.OwaspApi);
            Assert.All(r.References, u => Assert.StartsWith("https://", u));
        });
    }
}
