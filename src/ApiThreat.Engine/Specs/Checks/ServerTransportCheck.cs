using ApiThreat.Engine.Rules;
using Microsoft.OpenApi;

namespace ApiThreat.Engine.Specs.Checks;

/// <summary>Servers reached over plain HTTP (or ws://), or whose URL embeds user information.</summary>
internal sealed class ServerTransportCheck : ICheck<SpecEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { SpecRules.HttpServer, SpecRules.CredentialsInUrl };

    public IEnumerable<Finding> Run(SpecEvidence evidence)
    {
        var findings = new LocatedFindings(evidence.Target);
        var servers = evidence.Document.Servers ?? new List<OpenApiServer>();
        for (var i = 0; i < servers.Count; i++)
        {
            var where = $"#/servers/{i}";
            var resolved = ServerUrl.Substitute(servers[i]);
            if (resolved.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || resolved.StartsWith("ws://", StringComparison.OrdinalIgnoreCase))
                findings.Add(SpecRules.HttpServer, where, servers[i].Url ?? "");
            if (Uri.TryCreate(resolved, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.UserInfo))
                findings.Add(SpecRules.CredentialsInUrl, where, "server URL carries user information");
        }
        return findings.List;
    }
}

internal static class ServerUrl
{
    /// <summary>The server URL with its variables replaced by their defaults.</summary>
    public static string Substitute(OpenApiServer server)
    {
        var url = server.Url ?? "";
        foreach (var (name, variable) in server.Variables ?? new Dictionary<string, OpenApiServerVariable>())
            url = url.Replace("{" + name + "}", variable.Default ?? "");
        return url;
    }
}
