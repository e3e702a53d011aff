using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Discovery.Subdomains.Passive;

/// <summary>
/// HackerTarget host search: GET hostsearch/?q=&lt;domain&gt; (apikey= optional), CSV lines "host,address". HackerTarget
/// reports its errors as 200 text ("API count exceeded", "error check your search parameter"), read as errors here.
/// </summary>
internal sealed class HackerTargetProvider : PassiveProvider
{
    public override SubdomainSources Source => SubdomainSources.HackerTarget;

    public override async Task SearchAsync(ProviderQuery query, CancellationToken cancellationToken)
    {
        var response = await query.Client.SendAsync(new ProviderRequest
        {
            Uri = query.Url("hostsearch/", ("q", query.Domain), ("apikey", query.Key?.Reveal())),
        }, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == 404) return;
        var text = response.Text.Trim();
        if (text.StartsWith("API count exceeded", StringComparison.OrdinalIgnoreCase))
            throw query.Client.Fail("ProviderQuotaExceeded", TargetErrorKind.PermissionDenied,
                $"HackerTarget's daily quota is spent: {query.Client.Safe(text)}", "Wait a day, or give a HackerTarget membership key.", disables: true);
        if (text.StartsWith("error", StringComparison.OrdinalIgnoreCase) && query.Key is not null && text.Contains("key", StringComparison.OrdinalIgnoreCase))
            throw query.Client.Fail("ProviderKeyRejected", TargetErrorKind.PermissionDenied,
                $"HackerTarget rejected the API key from {query.Key.Origin}: {query.Client.Safe(text)}",
                "Give a valid key: -ApiKey @{ HackerTarget = (Read-Host -AsSecureString) }, $env:HACKERTARGET_API_KEY or the secret 'ApiThreat.HackerTarget'.", disables: true);
        if (text.StartsWith("error", StringComparison.OrdinalIgnoreCase))
            throw query.Client.Fail("ProviderRequestFailed", TargetErrorKind.InvalidData, $"HackerTarget answered an error: {query.Client.Safe(text)}", "Check the domain.");
        if (text.Length == 0 || text.StartsWith("No records found", StringComparison.OrdinalIgnoreCase)) { query.NextPage(); return; }
        var parsed = 0;
        foreach (var line in text.Split('\n'))
        {
            var parts = line.Trim().Split(',');
            if (parts.Length != 2 || !System.Net.IPAddress.TryParse(parts[1].Trim(), out _)) continue;
            parsed++;
            query.Add(parts[0]);
        }
        if (parsed == 0) throw query.Client.Malformed(response, "HackerTarget's host,address lines");
        query.NextPage();
    }
}
