using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ApiThreat.Engine.Discovery.Subdomains.Passive;

/// <summary>
/// Censys Platform: POST global/search/query {"query":"cert.names: &lt;domain&gt;","page_size":100,"page_token":...} with a
/// Personal Access Token (Bearer) and, when given, X-Organization-ID; result.hits[].certificate_v1.resource.names hold
/// the names, result.next_page_token the next page. The organisation id is the PSCredential's user name.
/// </summary>
internal sealed class CensysProvider : PassiveProvider
{
    public override SubdomainSources Source => SubdomainSources.Censys;

    public override async Task SearchAsync(ProviderQuery query, CancellationToken cancellationToken)
    {
        string? token = null;
        var headers = new List<KeyValuePair<string, string>> { new("Authorization", "Bearer " + (query.Key?.Reveal() ?? "")) };
        if (query.Key?.Id is { } organization) headers.Add(new("X-Organization-ID", organization));
        while (true)
        {
            var body = JsonConvert.SerializeObject(new Dictionary<string, object?>
            {
                ["query"] = $"cert.names: {query.Domain}",
                ["fields"] = new[] { "cert.names" },
                ["page_size"] = 100,
                ["page_token"] = token,
            }.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value));
            var response = await query.Client.SendAsync(new ProviderRequest { Uri = query.Url("global/search/query"), Method = "POST", Headers = headers, JsonBody = body },
                cancellationToken).ConfigureAwait(false);
            if (query.Json(response, "a Censys search result") is not JObject answer || answer.SelectToken("result.hits") is not JArray hits)
                throw query.Client.Malformed(response, "a Censys search result (result.hits[], result.next_page_token)");
            foreach (var hit in hits.OfType<JObject>())
                foreach (var name in hit.SelectToken("certificate_v1.resource.names")?.Values<string>() ?? Enumerable.Empty<string?>()) query.Add(name);
            var next = (string?)answer.SelectToken("result.next_page_token");
            if (string.IsNullOrEmpty(next) || next == token || !query.NextPage()) return;
            token = next;
        }
    }
}
