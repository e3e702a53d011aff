using Newtonsoft.Json.Linq;

namespace ApiThreat.Engine.Discovery.Subdomains.Passive;

/// <summary>AlienVault OTX: GET indicators/domain/&lt;domain&gt;/passive_dns (X-OTX-API-KEY optional); passive_dns[].hostname.</summary>
internal sealed class AlienVaultProvider : PassiveProvider
{
    public override SubdomainSources Source => SubdomainSources.AlienVault;

    public override async Task SearchAsync(ProviderQuery query, CancellationToken cancellationToken)
    {
        var response = await query.Client.SendAsync(new ProviderRequest
        {
            Uri = query.Url($"indicators/domain/{Uri.EscapeDataString(query.Domain)}/passive_dns"),
            Headers = query.Key is null ? Array.Empty<KeyValuePair<string, string>>() : new[] { new KeyValuePair<string, string>("X-OTX-API-KEY", query.Key.Reveal()) },
        }, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == 404) return;
        if (query.Json(response, "an OTX passive DNS answer") is not JObject answer || answer["passive_dns"] is not JArray records)
            throw query.Client.Malformed(response, "an OTX passive DNS answer (passive_dns[])");
        foreach (var record in records.OfType<JObject>()) query.Add((string?)record["hostname"]);
        query.NextPage();
    }
}
