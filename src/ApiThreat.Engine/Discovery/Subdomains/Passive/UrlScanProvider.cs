using Newtonsoft.Json.Linq;

namespace ApiThreat.Engine.Discovery.Subdomains.Passive;

/// <summary>
/// urlscan.io search: GET search/?q=domain:&lt;domain&gt;&amp;size=100 (API-Key optional); results[].page.domain and
/// task.domain are names; has_more with search_after=&lt;the last result's sort values&gt; asks for the next page.
/// </summary>
internal sealed class UrlScanProvider : PassiveProvider
{
    public override SubdomainSources Source => SubdomainSources.UrlScan;

    public override async Task SearchAsync(ProviderQuery query, CancellationToken cancellationToken)
    {
        string? after = null;
        var headers = query.Key is null ? Array.Empty<KeyValuePair<string, string>>() : new[] { new KeyValuePair<string, string>("API-Key", query.Key.Reveal()) };
        while (true)
        {
            var response = await query.Client.SendAsync(new ProviderRequest
            {
                Uri = query.Url("search/", ("q", $"domain:{query.Domain}"), ("size", "100"), ("search_after", after)),
                Headers = headers,
            }, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == 404) return;
            if (query.Json(response, "a urlscan.io search result") is not JObject answer || answer["results"] is not JArray results)
                throw query.Client.Malformed(response, "a urlscan.io search result (results[], has_more)");
            foreach (var result in results.OfType<JObject>())
            {
                query.Add((string?)result.SelectToken("page.domain"));
                query.Add((string?)result.SelectToken("task.domain"));
                query.AddUrlHost((string?)result.SelectToken("page.url"));
            }
            var sort = results.LastOrDefault()?["sort"] as JArray;
            var next = sort is { Count: > 0 } ? string.Join(",", sort.Select(v => v.ToString())) : null;
            if ((bool?)answer["has_more"] != true || next is null || next == after || !query.NextPage()) return;
            after = next;
        }
    }
}
