using Newtonsoft.Json.Linq;

namespace ApiThreat.Engine.Discovery.Subdomains.Passive;

/// <summary>
/// Shodan DNS: GET dns/domain/&lt;domain&gt;?key=&amp;page=N; subdomains[] are labels, "more" asks for the next page. Shodan takes
/// its key in the query, so every logged URL has its query values elided.
/// </summary>
internal sealed class ShodanProvider : PassiveProvider
{
    public override SubdomainSources Source => SubdomainSources.Shodan;

    public override async Task SearchAsync(ProviderQuery query, CancellationToken cancellationToken)
    {
        for (var page = 1; ; page++)
        {
            var response = await query.Client.SendAsync(new ProviderRequest
            {
                Uri = query.Url($"dns/domain/{Uri.EscapeDataString(query.Domain)}", ("key", query.Key?.Reveal() ?? ""), ("page", page.ToString())),
            }, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == 404) return;
            if (query.Json(response, "a Shodan DNS answer") is not JObject answer) throw query.Client.Malformed(response, "a Shodan DNS answer");
            if ((string?)answer["error"] is { Length: > 0 } error)
                throw query.Client.Fail("ProviderRequestFailed", Net.TargetErrorKind.InvalidData, $"Shodan answered an error: {error}", "Check the key's plan and the domain.");
            if (answer["subdomains"] is not JArray labels) throw query.Client.Malformed(response, "a Shodan DNS answer (subdomains[], more)");
            foreach (var label in labels.Values<string>()) query.AddLabel(label);
            if ((bool?)answer["more"] != true || !query.NextPage()) return;
        }
    }
}
