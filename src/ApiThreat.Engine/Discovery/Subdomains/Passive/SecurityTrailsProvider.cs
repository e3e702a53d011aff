using Newtonsoft.Json.Linq;

namespace ApiThreat.Engine.Discovery.Subdomains.Passive;

/// <summary>
/// SecurityTrails: GET domain/&lt;domain&gt;/subdomains?children_only=false&amp;include_inactive=true with the APIKEY header;
/// subdomains[] are labels under the domain; meta.limit_reached says the plan cut the list.
/// </summary>
internal sealed class SecurityTrailsProvider : PassiveProvider
{
    public override SubdomainSources Source => SubdomainSources.SecurityTrails;

    public override async Task SearchAsync(ProviderQuery query, CancellationToken cancellationToken)
    {
        var response = await query.Client.SendAsync(new ProviderRequest
        {
            Uri = query.Url($"domain/{Uri.EscapeDataString(query.Domain)}/subdomains", ("children_only", "false"), ("include_inactive", "true")),
            Headers = new[] { new KeyValuePair<string, string>("APIKEY", query.Key?.Reveal() ?? "") },
        }, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == 404) return;
        if (query.Json(response, "a SecurityTrails subdomain list") is not JObject answer || answer["subdomains"] is not JArray labels)
            throw query.Client.Malformed(response, "a SecurityTrails subdomain list (subdomains[])");
        foreach (var label in labels.Values<string>()) query.AddLabel(label);
        if ((bool?)answer.SelectToken("meta.limit_reached") == true) query.Incomplete = "the plan's limit was reached (meta.limit_reached)";
        query.NextPage();
    }
}
