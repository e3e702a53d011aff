using System.Text.RegularExpressions;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Text;
using Microsoft.OpenApi;

namespace ApiThreat.Engine.Specs.Checks;

/// <summary>
/// Servers of non-production or internal environments (by host name, description or x-internal), and servers that
/// declare neither their environment nor their audience.
/// </summary>
internal sealed class ServerEnvironmentCheck : ICheck<SpecEvidence>
{
    private static readonly TimeSpan s_regexTimeout = TimeSpan.FromMilliseconds(100);
    private static readonly Regex s_nonProductionWord = new(
        @"\b(dev|development|test|testing|staging|stage|sandbox|local|internal|qa|uat|pre-?prod)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, s_regexTimeout);
    private static readonly Regex s_environmentWord = new(
        @"\b(production|prod|staging|stage|development|dev|test|testing|sandbox|local|qa|uat|pre-?prod|demo|internal|public)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, s_regexTimeout);

    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { SpecRules.InternalServer, SpecRules.ServerAudienceUndeclared };

    public IEnumerable<Finding> Run(SpecEvidence evidence)
    {
        var findings = new LocatedFindings(evidence.Target);
        var servers = evidence.Document.Servers ?? new List<OpenApiServer>();
        for (var i = 0; i < servers.Count; i++)
        {
            var server = servers[i];
            var url = server.Url ?? "";
            var where = $"#/servers/{i}";
            Uri.TryCreate(ServerUrl.Substitute(server), UriKind.Absolute, out var uri);
            var description = server.Description ?? "";
            var hostFlag = uri is not null && (HostEnvironment.IsNonProduction(uri.Host) || HostEnvironment.IsInternal(uri.Host));
            var internalExtension = server.Extensions is not null && server.Extensions.TryGetValue("x-internal", out var ext) &&
                                    ext is JsonNodeExtension { Node: { } node } && node.ToString().Equals("true", StringComparison.OrdinalIgnoreCase);
            if (hostFlag || SpecNames.Matches(s_nonProductionWord, description) || internalExtension)
                findings.Add(SpecRules.InternalServer, where, string.IsNullOrEmpty(description) ? url : $"{url} ({TextSafety.Truncate(description, 100)})");
            var declaresAudience = server.Extensions?.ContainsKey("x-internal") == true;
            if (!declaresAudience && !SpecNames.Matches(s_environmentWord, description))
                findings.Add(SpecRules.ServerAudienceUndeclared, where, url);
        }
        return findings.List;
    }
}
