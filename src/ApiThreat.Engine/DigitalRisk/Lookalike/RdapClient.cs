using System.Globalization;
using ApiThreat.Engine.Net;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ApiThreat.Engine.DigitalRisk.Lookalike;

/// <summary>What RDAP says of a domain: its registration and expiry dates and registrar.</summary>
public sealed record RdapRecord(DateTimeOffset? Registered, DateTimeOffset? Expires, string? Registrar, string Source);

/// <summary>
/// Asks RDAP (RFC 9082/9083) for a domain: GET {base}domain/{name}, JSON, through the shared HTTP client (scope,
/// caps, timeouts). The answer is hostile: read with a depth limit, only the events and the registrar's name taken.
/// </summary>
public static class RdapClient
{
    public static async Task<RdapRecord?> LookupAsync(NetworkContext network, Uri baseUri, string domain, CancellationToken cancellationToken)
    {
        var root = baseUri.AbsoluteUri.EndsWith('/') ? baseUri : new Uri(baseUri.AbsoluteUri + "/");
        var uri = new Uri(root, "domain/" + Uri.EscapeDataString(domain));
        var response = await network.Http.SendAsync(new HttpProbeRequest
        {
            Uri = uri,
            Headers = new[] { new KeyValuePair<string, string>("Accept", "application/rdap+json, application/json") },
            MaxBodyBytes = 1024 * 1024,
        }, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == 404) return null;
        if (response.StatusCode != 200) throw new InvalidDataException($"RDAP {uri} answered {response.StatusCode}.");
        return Parse(response.Text, uri.AbsoluteUri);
    }

    /// <summary>Reads the registration and expiration events and the registrar entity of an RDAP domain object.</summary>
    public static RdapRecord Parse(string json, string source)
    {
        JObject root;
        try
        {
            using var reader = new JsonTextReader(new StringReader(json)) { MaxDepth = 32, DateParseHandling = DateParseHandling.None };
            root = JObject.Load(reader);
        }
        catch (JsonException ex) { throw new InvalidDataException($"RDAP {source} did not answer JSON: {ex.Message}", ex); }
        DateTimeOffset? registered = null, expires = null;
        if (root["events"] is JArray events)
            foreach (var e in events.OfType<JObject>())
            {
                var action = (string?)e["eventAction"];
                if (!DateTimeOffset.TryParse((string?)e["eventDate"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)) continue;
                if (string.Equals(action, "registration", StringComparison.OrdinalIgnoreCase)) registered = date;
                else if (string.Equals(action, "expiration", StringComparison.OrdinalIgnoreCase)) expires = date;
            }
        string? registrar = null;
        if (root["entities"] is JArray entities)
            foreach (var entity in entities.OfType<JObject>())
            {
                if (entity["roles"] is not JArray roles || !roles.Any(r => string.Equals((string?)r, "registrar", StringComparison.OrdinalIgnoreCase))) continue;
                registrar = VcardName(entity) ?? (string?)entity["handle"];
                break;
            }
        return new RdapRecord(registered, expires, registrar is null ? null : Text.TextSafety.Truncate(registrar, 200), source);
    }

    // jCard (RFC 7095): ["vcard", [["version", {}, "text", "4.0"], ["fn", {}, "text", "Example Registrar"]]]
    private static string? VcardName(JObject entity)
    {
        if (entity["vcardArray"] is not JArray { Count: >= 2 } vcard || vcard[1] is not JArray properties) return null;
        foreach (var p in properties.OfType<JArray>())
            if (p.Count >= 4 && string.Equals((string?)p[0], "fn", StringComparison.OrdinalIgnoreCase) && p[3].Type == JTokenType.String)
                return (string?)p[3];
        return null;
    }
}
