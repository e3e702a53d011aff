using System.Text.RegularExpressions;
using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// ATR-EXPO-009: an in-browser GraphQL IDE served at the GraphQL endpoint (asked for HTML, as a browser asks) or at
/// the IDEs' usual paths, recognised by what each IDE's page loads. Separate from introspection (ATR-API-006).
/// </summary>
public sealed class GraphQlIdeCheck : IAsyncCheck<ApiProbe>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMilliseconds(200);
    private static readonly string[] s_paths = { "/graphql", "/graphiql", "/playground", "/altair", "/voyager", "/api/graphql", "/graphql/console" };
    private static readonly (string Name, Regex Pattern)[] s_ides =
    {
        // The script itself, not the host name: Apollo's production landing page names both CDNs in its CSP.
        ("Apollo Sandbox", new Regex(@"<script[^>]*\ssrc=[""']https://embeddable-sandbox\.cdn\.apollographql\.com/|new window\.EmbeddedSandbox\s*\(", RegexOptions.CultureInvariant, s_timeout)),
        ("Apollo Explorer", new Regex(@"<script[^>]*\ssrc=[""']https://embeddable-explorer\.cdn\.apollographql\.com/|new window\.EmbeddedExplorer\s*\(", RegexOptions.CultureInvariant, s_timeout)),
        ("GraphQL Playground", new Regex(@"GraphQLPlayground\.init\s*\(|graphql-playground-react|<title>GraphQL Playground</title>", RegexOptions.CultureInvariant, s_timeout)),
        ("GraphiQL", new Regex(@"<div id=[""']graphiql[""']|GraphiQL\.createFetcher|React\.createElement\(\s*GraphiQL|graphiql(?:\.min)?\.(?:js|css)|<title>GraphiQL</title>", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, s_timeout)),
        ("Altair GraphQL Client", new Regex(@"AltairGraphQL\.init\s*\(|<title>Altair</title>|altair-graphql", RegexOptions.CultureInvariant, s_timeout)),
        ("GraphQL Voyager", new Regex(@"GraphQLVoyager\.(?:init|renderVoyager)|graphql-voyager", RegexOptions.CultureInvariant, s_timeout)),
    };

    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ExposureRules.GraphQlIde };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiProbe probe, CancellationToken cancellationToken)
    {
        var origin = ApiProbe.Origin(probe.Request.Url);
        var endpoints = new List<Uri> { GraphQlCheck.Endpoint(probe) };
        endpoints.AddRange(s_paths.Select(p => new Uri(origin, p)));
        var accept = new[] { new KeyValuePair<string, string>("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8") };
        var hits = new List<(string Ide, string Path)>();
        foreach (var uri in endpoints.DistinctBy(u => u.AbsoluteUri))
        {
            var r = await probe.SendAsync(uri, headers: accept).ConfigureAwait(false);
            if (r is null || !ApiProbe.IsSuccess(r) || !LoginPage.IsHtml(r)) continue;
            if (ExposureSignatures.First(s_ides, r.Text) is { } ide && !hits.Any(h => h.Ide == ide.Name)) hits.Add((ide.Name, r.FinalUri.AbsolutePath));
        }
        return hits.Select(h => probe.Finding(ExposureRules.GraphQlIde, h.Ide, $"{h.Ide} served at {h.Path} to anyone", Confidence.Confirmed)).ToList();
    }
}
