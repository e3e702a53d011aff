using Newtonsoft.Json.Linq;

namespace ApiThreat.Engine.Discovery.Subdomains.Passive;

/// <summary>
/// VirusTotal API v3: GET domains/&lt;domain&gt;/subdomains?limit=40 with x-apikey; data[].id are the names, meta.cursor
/// asks for the next page until it is absent.
/// </summary>
internal sealed class VirusTotalProvider : PassiveProvider
{
    public override SubdomainSources Source => SubdomainSources.VirusTotal;

    public override async Task SearchAsync(ProviderQuery query, CancellationToken cancellationToken)
    {
        string? cursor = null;
        while (true)
        {
            var response = await query.Client.SendAsync(new ProviderRequest
            {
                Uri = query.Url($"domains/{Uri.EscapeDataString(query.Domain)}/subdomains", ("limit", "40"), ("cursor", cursor)),
                Headers = new[] { new KeyValuePair<string, string>("x-apikey", query.Key?.Reveal() ?? "") },
            }, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == 404) return;
            if (query.Json(response, "a VirusTotal relationship page") is not JObject page || page["data"] is not JArray data)
                throw query.Client.Malformed(response, "a VirusTotal relationship page (data[], meta.cursor)");
            foreach (var item in data.OfType<JObject>()) query.Add((string?)item["id"]);
            var next = (string?)page.SelectToken("meta.cursor");
            if (string.IsNullOrEmpty(next) || next == cursor || !query.NextPage()) return;
            cursor = next;
        }
    }
}
