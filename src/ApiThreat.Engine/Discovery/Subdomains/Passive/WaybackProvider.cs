using Newtonsoft.Json.Linq;

namespace ApiThreat.Engine.Discovery.Subdomains.Passive;

/// <summary>
/// The Internet Archive's Wayback CDX server: GET cdx?url=*.&lt;domain&gt;&amp;output=json&amp;fl=original&amp;collapse=urlkey&amp;
/// showResumeKey=true&amp;limit=N; a JSON array of rows (the first names the fields); when more remain, an empty row and
/// then [resumeKey] end the page, and resumeKey= asks for the next.
/// </summary>
internal sealed class WaybackProvider : PassiveProvider
{
    private const int RowsPerPage = 5000;
    public override SubdomainSources Source => SubdomainSources.WaybackMachine;

    public override async Task SearchAsync(ProviderQuery query, CancellationToken cancellationToken)
    {
        string? resume = null;
        while (true)
        {
            var response = await query.Client.SendAsync(new ProviderRequest
            {
                Uri = query.Url("cdx", ("url", $"*.{query.Domain}"), ("output", "json"), ("fl", "original"), ("collapse", "urlkey"),
                    ("showResumeKey", "true"), ("limit", RowsPerPage.ToString()), ("resumeKey", resume)),
            }, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == 404 || response.Body.Length == 0 || response.Text.Trim().Length == 0) return;
            if (query.Json(response, "a CDX JSON array") is not JArray rows) throw query.Client.Malformed(response, "a CDX JSON array of rows");
            string? next = null;
            for (var i = 0; i < rows.Count; i++)
            {
                if (rows[i] is not JArray row) throw query.Client.Malformed(response, "a CDX JSON array of rows");
                if (i == 0 && row.Count == 1 && (string?)row[0] == "original") continue; // the field names
                if (row.Count == 0) { next = rows.Count > i + 1 && rows[i + 1] is JArray { Count: 1 } key ? (string?)key[0] : null; break; }
                query.AddUrlHost((string?)row[0]);
            }
            if (string.IsNullOrEmpty(next) || next == resume || !query.NextPage()) return;
            resume = next;
        }
    }
}
