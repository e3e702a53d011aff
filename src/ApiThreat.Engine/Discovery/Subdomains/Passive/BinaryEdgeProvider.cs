using Newtonsoft.Json.Linq;

namespace ApiThreat.Engine.Discovery.Subdomains.Passive;

/// <summary>
/// BinaryEdge: GET query/domains/subdomain/&lt;domain&gt;?page=N with X-Key; events[] are names; pages go on while
/// page × pagesize is below total.
/// </summary>
internal sealed class BinaryEdgeProvider : PassiveProvider
{
    public override SubdomainSources Source => SubdomainSources.BinaryEdge;

    public override async Task SearchAsync(ProviderQuery query, CancellationToken cancellationToken)
    {
        for (var page = 1; ; page++)
        {
            var response = await query.Client.SendAsync(new ProviderRequest
            {
                Uri = query.Url($"query/domains/subdomain/{Uri.EscapeDataString(query.Domain)}", ("page", page.ToString())),
                Headers = new[] { new KeyValuePair<string, string>("X-Key", query.Key?.Reveal() ?? "") },
            }, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == 404) return;
            if (query.Json(response, "a BinaryEdge subdomain page") is not JObject answer || answer["events"] is not JArray events)
                throw query.Client.Malformed(response, "a BinaryEdge subdomain page (events[], page, pagesize, total)");
            foreach (var name in events.Values<string>()) query.Add(name);
            var size = (long?)answer["pagesize"] ?? events.Count;
            var total = (long?)answer["total"] ?? 0;
            if (events.Count == 0 || size <= 0 || page * size >= total || !query.NextPage()) return;
        }
    }
}
