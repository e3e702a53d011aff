using Newtonsoft.Json.Linq;

namespace ApiThreat.Engine.Discovery.Subdomains.Passive;

/// <summary>ProjectDiscovery Chaos: GET dns/&lt;domain&gt;/subdomains with the key as Authorization; subdomains[] are labels.</summary>
internal sealed class ChaosProvider : PassiveProvider
{
    public override SubdomainSources Source => SubdomainSources.Chaos;

    public override async Task SearchAsync(ProviderQuery query, CancellationToken cancellationToken)
    {
        var response = await query.Client.SendAsync(new ProviderRequest
        {
            Uri = query.Url($"dns/{Uri.EscapeDataString(query.Domain)}/subdomains"),
            Headers = new[] { new KeyValuePair<string, string>("Authorization", query.Key?.Reveal() ?? "") },
        }, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == 404) return;
        if (query.Json(response, "a Chaos subdomain list") is not JObject answer || answer["subdomains"] is not JArray labels)
            throw query.Client.Malformed(response, "a Chaos subdomain list (subdomains[])");
        foreach (var label in labels.Values<string>()) query.AddLabel(label);
        query.NextPage();
    }
}
