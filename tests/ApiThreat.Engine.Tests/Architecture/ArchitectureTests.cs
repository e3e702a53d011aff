using System.Reflection;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Tests.Architecture;

/// <summary>The engine's folders form a directed acyclic graph with Text and Net at the bottom (DESIGN.md, rule 6).</summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly Engine = typeof(RuleCatalog).Assembly;
    private static readonly Lazy<FolderGraph> s_graph = new(() => FolderGraph.FromAssembly(Engine));

    private static string Describe(FolderGraph g, string from, string to) =>
        $"{from} -> {to} ({g.Witness.GetValueOrDefault((from, to), "")})";

    [Fact]
    public void Engine_folders_have_no_cycle()
    {
        var cycles = s_graph.Value.Cycles();
        Assert.True(cycles.Count == 0, "Cycles between engine folders: " + string.Join("; ", cycles.Select(c =>
            string.Join(", ", c) + " [" + string.Join(" | ", c.SelectMany(f => s_graph.Value.Edges[f].Where(c.Contains).Select(t => Describe(s_graph.Value, f, t)))) + "]")));
    }

    [Theory]
    [InlineData("Text")]
    public void Leaf_folders_reference_no_other_folder(string leaf)
    {
        var g = s_graph.Value;
        Assert.True(g.Edges.ContainsKey(leaf), $"No engine folder named {leaf}.");
        Assert.True(g.Edges[leaf].Count == 0, $"{leaf} must be a leaf: " + string.Join("; ", g.Edges[leaf].Select(t => Describe(g, leaf, t))));
    }

    [Theory]
    [InlineData("Scoring", "Net")]
    [InlineData("Fingerprints", "Net")]
    [InlineData("Scoring", "Fingerprints")]
    [InlineData("Fingerprints", "Scoring")]
    [InlineData("Rules", "Net")]
    public void Pure_folders_never_reach_forbidden_ones(string from, string forbidden)
    {
        var g = s_graph.Value;
        Assert.True(g.Edges.ContainsKey(from), $"No engine folder named {from}.");
        Assert.False(g.Reachable(from).Contains(forbidden), $"{from} reaches {forbidden}: its edges are " +
            string.Join("; ", g.Edges[from].Select(t => Describe(g, from, t))));
    }

    [Fact]
    public void Engine_never_references_PowerShell()
    {
        var names = Engine.GetReferencedAssemblies().Select(a => a.Name).ToList();
        Assert.DoesNotContain("System.Management.Automation", names);
        Assert.DoesNotContain("ApiThreat", names);
    }

    [Fact]
    public void Model_references_nothing_of_ours()
    {
        var model = typeof(Finding).Assembly;
        var ours = model.GetReferencedAssemblies().Where(a => a.Name!.StartsWith("ApiThreat", StringComparison.Ordinal)
            || a.Name is "System.Management.Automation" or "Newtonsoft.Json" or "DnsClient").Select(a => a.Name).ToList();
        Assert.Empty(ours);
    }

    [Fact]
    public void The_cycle_check_finds_a_planted_cycle()
    {
        var g = new FolderGraph();
        g.Add("Net", "Text");
        g.Add("Certificates", "Net");
        g.Add("Transport", "Certificates");
        g.Add("Net", "Transport");
        g.Add("Scoring", "Rules");
        var cycles = g.Cycles();
        var cycle = Assert.Single(cycles);
        Assert.Equal(new[] { "Certificates", "Net", "Transport" }, cycle);
        Assert.Contains("Text", g.Reachable("Certificates"));
        Assert.DoesNotContain("Scoring", g.Reachable("Net"));
    }

    [Fact]
    public void The_graph_reads_edges_hidden_in_method_bodies()
    {
        // Discovery fetches pages for Fingerprints (WebProbe.FetchEvidenceAsync builds a ResponseEvidence): an edge
        // seen only in method bodies and signatures, never in a using directive of Fingerprints itself.
        var g = s_graph.Value;
        Assert.Contains("Fingerprints", g.Edges["Discovery"]);
        Assert.Contains("Net", g.Edges["Discovery"]);
    }
}
