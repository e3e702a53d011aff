using ApiThreat.Engine.Discovery.Apis;

namespace ApiThreat.Engine.Tests.Discovery;

/// <summary>The ServerStatus entries of frameworks.json carry their product's documented operations (the data file, not C#).</summary>
public class ServerStatusOperationsTests
{
    [Fact]
    public void Status_entries_list_their_documented_operations()
    {
        var status = FrameworkDefaults.Bundled.Frameworks.SelectMany(f => f.Paths.Where(p => p.Kind == ProbeKind.ServerStatus).Select(p => (f.Name, p))).ToList();
        Assert.Contains(status, s => s.Name == "etcd" && s.p.Operations.Contains(("POST", "/v3/kv/range")) && s.p.Operations.Count == 11);
        Assert.Contains(status, s => s.Name == "InfluxDB" && s.p.Operations.SequenceEqual(new[] { ("GET", "/ping"), ("GET", "/query"), ("POST", "/query"), ("POST", "/write") }));
        Assert.Contains(status, s => s.Name == "Jupyter notebook server" && s.p.Operations.Count == 7 && s.p.Operations.All(o => o.Method == "GET"));
        // ZooKeeper's commands are read from its own /commands page.
        Assert.Contains(status, s => s.Name == "ZooKeeper AdminServer" && s.p.Operations.Count == 0);
        Assert.All(FrameworkDefaults.Bundled.Frameworks.SelectMany(f => f.Paths).Where(p => p.Kind != ProbeKind.ServerStatus), p => Assert.Empty(p.Operations));
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("GET version")]
    public void A_malformed_operation_is_refused(string operation)
    {
        var json = $$"""{"frameworks":[{"name":"x","source":"https://example.org/","paths":[{"path":"/s","kind":"ServerStatus","operations":["{{operation}}"]}]}]}""";
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        Assert.Throws<FormatException>(() => FrameworkDefaults.Parse(stream));
    }
}
