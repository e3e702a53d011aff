using System.Collections.Concurrent;
using ApiThreat.Engine.DigitalRisk.Secrets;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ApiThreat.Engine.Tests.DigitalRisk.Secrets;

/// <summary>Find-ExposedSecret's site scan against the Lab's planted site (every type, every source) and its clean twin.</summary>
[Collection(LabCollection.Name)]
public class SecretSiteLabTests
{
    private readonly LabFixture _lab;
    private readonly ITestOutputHelper _output;

    public SecretSiteLabTests(LabFixture lab, ITestOutputHelper output)
    {
        _lab = lab;
        _output = output;
    }

    private async Task<List<ExposedSecret>> ScanAsync(string scenario)
    {
        using var network = new NetworkContext(_lab.Options(), m => _output.WriteLine(m));
        var finder = new SecretSiteFinder(network, new SecretSiteOptions { Catalog = SecretCatalog.Bundled });
        var found = new ConcurrentQueue<ExposedSecret>();
        var stats = await finder.ScanAsync(ScanTarget.Parse(_lab.HttpUri(scenario).ToString()), s => { found.Enqueue(s); return ValueTask.CompletedTask; }, CancellationToken.None);
        _output.WriteLine(stats.ToString());
        return found.ToList();
    }

    private static string Key(ExposedSecret s)
    {
        var path = new Uri(s.Url).AbsolutePath;
        var where = s.Source switch
        {
            SecretSource.SourceMap => $"{path} ({s.SourceName})",
            SecretSource.ErrorPage => "(error page)",
            _ => path,
        };
        return $"{s.Type}|{where}|{s.Source}";
    }

    [Fact]
    public async Task Every_planted_secret_is_found_with_its_type_resource_and_source_and_nothing_else()
    {
        var scenario = _lab.Lab.Scenario("secrets-planted");
        var found = await ScanAsync("secrets-planted");
        var expected = scenario.Expect["Secrets"].Order(StringComparer.Ordinal).ToList();
        var actual = found.Select(Key).Order(StringComparer.Ordinal).ToList();
        Assert.True(expected.SequenceEqual(actual),
            "missing: " + string.Join(", ", expected.Except(actual)) + "; unexpected: " + string.Join(", ", actual.Except(expected)));
        Assert.All(found, s => Assert.True(s.Line > 0 && s.Column > 0));
        var text = string.Join("\n", found.Select(s => $"{s} {s.Detail} {s.PairedWith} {string.Join(" ", s.Findings.Select(f => f.Evidence + f.Location + f.Target))}"));
        foreach (var value in scenario.Expect["SecretValues"]) Assert.DoesNotContain(value, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_clean_twin_full_of_look_alikes_and_answering_every_path_gives_nothing()
    {
        var found = await ScanAsync("secrets-clean");
        Assert.True(found.Count == 0, string.Join("; ", found.Select(s => $"{Key(s)} {s.Detail}")));
    }
}
