using ApiThreat.Engine.Net;
using Newtonsoft.Json;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Discovery.Subdomains;

/// <summary>
/// Names from Certificate Transparency logs through a crt.sh-compatible search: GET &lt;endpoint&gt;?q=%25.&lt;domain&gt;&amp;output=json
/// returns a JSON array of certificate entries whose common_name and name_value (newline-separated) hold the names.
/// The endpoint may also be a template containing {domain}. The response is read as a stream of tokens and capped.
/// </summary>
public static class CertificateTransparencySource
{
    public static readonly Uri DefaultEndpoint = new("https://crt.sh/");
    private const long MaxBodyBytes = 64L * 1024 * 1024;
    private const int MaxNames = 100_000;

    public static Uri QueryUri(Uri endpoint, string domain)
    {
        var text = endpoint.OriginalString;
        if (text.Contains("{domain}", StringComparison.OrdinalIgnoreCase))
            return new Uri(text.Replace("{domain}", Uri.EscapeDataString(domain), StringComparison.OrdinalIgnoreCase));
        var builder = new UriBuilder(endpoint);
        var query = builder.Query.TrimStart('?');
        builder.Query = (query.Length > 0 ? query + "&" : "") + "q=%25." + Uri.EscapeDataString(domain) + "&output=json";
        return builder.Uri;
    }

    public static async Task<IReadOnlyCollection<string>> SearchAsync(NetworkContext network, Uri endpoint, string domain,
        CancellationToken cancellationToken)
    {
        var uri = QueryUri(endpoint, domain);
        // The endpoint may carry the provider's API key (query or user info): logs and errors show it redacted.
        network.Log($"Certificate Transparency search for {domain}: GET {TextSafety.RedactUri(uri)}");
        var response = await network.Http.SendAsync(new HttpProbeRequest
        {
            Uri = uri,
            FollowRedirects = true,
            MaxBodyBytes = MaxBodyBytes,
            Headers = new[] { new KeyValuePair<string, string>("Accept", "application/json") },
        }, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != 200)
            throw new TargetException(domain, "CertificateTransparencyFailed", TargetErrorKind.ResourceUnavailable,
                $"The Certificate Transparency search {TextSafety.RedactUri(new Uri(uri.GetLeftPart(UriPartial.Path)))} answered HTTP {response.StatusCode}.",
                "Retry later, or point -CertificateTransparencyUri at another crt.sh-compatible service.");
        return ParseNames(response.Body, domain);
    }

    /// <summary>Names under <paramref name="domain"/> in a crt.sh JSON answer (wildcards give their parent); tolerant of truncation.</summary>
    public static IReadOnlyCollection<string> ParseNames(byte[] json, string domain)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        using var reader = new JsonTextReader(new StreamReader(new MemoryStream(json))) { MaxDepth = 16, DateParseHandling = DateParseHandling.None };
        try
        {
            string? property = null;
            while (reader.Read() && names.Count < MaxNames)
            {
                if (reader.TokenType == JsonToken.PropertyName) property = (string?)reader.Value;
                else if (reader.TokenType == JsonToken.String && property is "name_value" or "common_name")
                    foreach (var value in ((string)reader.Value!).Split('\n'))
                        if (NameUnder(value, domain) is { } name) names.Add(name);
            }
        }
        catch (JsonException) { } // truncated or hostile: keep what was read
        return names;
    }

    /// <summary>A certificate name as a host name under the domain (lower case, "*." removed), or null.</summary>
    public static string? NameUnder(string value, string domain)
    {
        var n = value.Trim().TrimEnd('.').ToLowerInvariant();
        if (n.StartsWith("*.", StringComparison.Ordinal)) n = n[2..];
        if (n.Contains('@') || n == domain || !n.EndsWith("." + domain, StringComparison.Ordinal)) return null;
        return DnsWireFormat.IsQueryableName(n) && !n.Contains('*') ? n : null;
    }
}
