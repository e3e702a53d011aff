using Newtonsoft.Json.Linq;

namespace ApiThreat.Engine.Discovery.Subdomains.Passive;

/// <summary>
/// SSLMate Cert Spotter: GET issuances?domain=&amp;include_subdomains=true&amp;expand=dns_names, a JSON array of issuances;
/// the next page is asked with after=&lt;id of the last issuance&gt; until an empty array. Bearer key optional.
/// </summary>
internal sealed class CertSpotterProvider : PassiveProvider
{
    public override SubdomainSources Source => SubdomainSources.CertSpotter;

    public override async Task SearchAsync(ProviderQuery query, CancellationToken cancellationToken)
    {
        string? after = null;
        var headers = query.Key is null ? Array.Empty<KeyValuePair<string, string>>()
            : new[] { new KeyValuePair<string, string>("Authorization", "Bearer " + query.Key.Reveal()) };
        while (true)
        {
            var response = await query.Client.SendAsync(new ProviderRequest
            {
                Uri = query.Url("issuances", ("domain", query.Domain), ("include_subdomains", "true"), ("expand", "dns_names"), ("after", after)),
                Headers = headers,
            }, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == 404) return;
            if (query.Json(response, "a Cert Spotter issuance array") is not JArray issuances) throw query.Client.Malformed(response, "a Cert Spotter issuance array");
            if (issuances.Count == 0) return;
            foreach (var issuance in issuances.OfType<JObject>())
                foreach (var name in issuance["dns_names"]?.Values<string>() ?? Enumerable.Empty<string?>()) query.Add(name);
            var last = (string?)issuances.Last?["id"];
            if (string.IsNullOrEmpty(last) || last == after || !query.NextPage()) return;
            after = last;
        }
    }
}
