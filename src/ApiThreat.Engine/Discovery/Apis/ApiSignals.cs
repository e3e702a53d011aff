using System.Text.RegularExpressions;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Discovery.Apis;

/// <summary>
/// What in one HTTP answer says "an API answered here" (content types, authentication challenges, gateway
/// headers), and which authentication it asks for. Pure functions over a response: easy to test.
/// </summary>
public static class ApiSignals
{
    private static readonly TimeSpan s_regexTimeout = TimeSpan.FromMilliseconds(100);
    private static readonly Regex s_apiKeyText = new(@"api[ _-]?key|x-api-key|apikey|subscription[ _-]?key", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, s_regexTimeout);

    /// <summary>Header signatures of API gateways and service meshes: (technology, header, value substring or null).</summary>
    private static readonly (string Name, string Header, string? Contains)[] s_gateways =
    {
        ("Kong", "Via", "kong"),
        ("Kong", "X-Kong-Upstream-Latency", null),
        ("Kong", "X-Kong-Proxy-Latency", null),
        ("Kong", "X-Kong-Request-Id", null),
        ("AWS API Gateway", "x-amz-apigw-id", null),
        ("AWS API Gateway", "apigw-requestid", null),
        ("Azure API Management", "Ocp-Apim-Trace-Location", null),
        ("Azure API Management", "Ocp-Apim-Subscription-Key", null),
        ("Azure API Management", "WWW-Authenticate", "Ocp-Apim-Subscription-Key"),
        ("Apigee", "X-Apigee-Proxy", null),
        ("Apigee", "X-Apigee-Message-Id", null),
        ("Apigee", "Server", "apigee"),
        ("Envoy", "x-envoy-upstream-service-time", null),
        ("Envoy", "Server", "envoy"),
        ("Tyk", "X-Tyk-Api-Expires", null),
        ("Tyk", "X-Tyk-Trace", null),
        ("Gravitee", "X-Gravitee-Transaction-Id", null),
        ("Gravitee", "X-Gravitee-Request-Id", null),
        ("KrakenD", "X-KrakenD", null),
        ("MuleSoft", "X-MULE_ENCODING", null),
        ("Google Cloud Endpoints", "Server", "ESF"),
        ("IBM API Connect", "X-Global-Transaction-ID", null),
        ("WSO2 API Manager", "Server", "WSO2"),
    };

    /// <summary>The signatures by header name, so that a response is read once (every answer of a scan passes here).</summary>
    private static readonly Dictionary<string, (string Name, string? Contains)[]> s_gatewaysByHeader = s_gateways
        .GroupBy(g => g.Header, StringComparer.OrdinalIgnoreCase)
        .ToDictionary(g => g.Key, g => g.Select(x => (x.Name, x.Contains)).ToArray(), StringComparer.OrdinalIgnoreCase);

    /// <summary>The gateways whose signature the response carries, in name order.</summary>
    public static IReadOnlyList<string> Gateways(HttpProbeResult r)
    {
        List<string>? found = null;
        foreach (var (header, value) in r.Headers)
        {
            if (!s_gatewaysByHeader.TryGetValue(header, out var signatures)) continue;
            foreach (var (name, contains) in signatures)
                if ((contains is null || value.Contains(contains, StringComparison.OrdinalIgnoreCase)) && !(found ??= new()).Contains(name)) found.Add(name);
        }
        if (found is null) return Array.Empty<string>();
        found.Sort(StringComparer.Ordinal);
        return found;
    }

    /// <summary>True for machine-readable API content: JSON (+json), problem details, XML that is not XHTML, gRPC, GraphQL.</summary>
    public static bool IsApiContentType(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType)) return false;
        var t = contentType.Split(';')[0].Trim().ToLowerInvariant();
        // RSS feeds (WordPress's /feed/, linked from every page) are for feed readers, not API clients.
        if (t.Contains("html") || t == "application/rss+xml") return false;
        return t is "application/json" or "text/json" or "application/xml" or "text/xml" or "application/soap+xml" or "application/x-ndjson"
            || t.EndsWith("+json", StringComparison.Ordinal) || t.EndsWith("+xml", StringComparison.Ordinal)
            || t.StartsWith("application/grpc", StringComparison.Ordinal) || t.StartsWith("application/graphql", StringComparison.Ordinal)
            || t is "application/x-protobuf" or "application/protobuf" or "application/msgpack" or "application/cbor";
    }

    public static bool IsHtml(HttpProbeResult r) =>
        (r.ContentType ?? "").Contains("html", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Authentication the answer asks for: the WWW-Authenticate schemes of a 401 (Basic, Bearer, Digest, Negotiate),
    /// ApiKey when a 401/403 names an API key, Unknown for a bare 401; empty when nothing is asked.
    /// </summary>
    public static IReadOnlyList<string> Challenges(HttpProbeResult r)
    {
        var schemes = new List<string>();
        foreach (var value in r.HeaderValues("WWW-Authenticate"))
        {
            foreach (var part in SplitChallenges(value))
            {
                var name = part.Split(' ', 2)[0].Trim().ToLowerInvariant();
                var mapped = name switch
                {
                    "basic" => "Basic",
                    "bearer" => "Bearer",
                    "digest" => "Digest",
                    "negotiate" or "ntlm" or "kerberos" => "Negotiate",
                    "apikey" or "api-key" or "x-api-key" => "ApiKey",
                    _ when part.Contains("Ocp-Apim-Subscription-Key", StringComparison.OrdinalIgnoreCase) => "ApiKey",
                    _ => null,
                };
                if (mapped is not null && !schemes.Contains(mapped)) schemes.Add(mapped);
            }
        }
        if (r.StatusCode is 401 or 403 && schemes.Count == 0)
        {
            var text = r.Body.Length > 0 ? TextSafety.Truncate(r.Text, 4096) : "";
            try
            {
                if (s_apiKeyText.IsMatch(text) || r.HeaderValues("WWW-Authenticate").Any(v => s_apiKeyText.IsMatch(v))) schemes.Add("ApiKey");
            }
            catch (RegexMatchTimeoutException) { }
            if (schemes.Count == 0 && r.StatusCode == 401) schemes.Add("Unknown");
        }
        return schemes;
    }

    // A header-like or parameter-like token naming an API key in a 401/403 answer: X-API-Key, x-api-token, api_key, Ocp-Apim-Subscription-Key...
    private static readonly Regex s_apiKeyName = new(@"(?<![A-Za-z0-9_-])(?<name>(?:x-)?[a-z0-9]*[-_]?api[-_]?(?:key|token)|ocp-apim-subscription-key|x-[a-z0-9-]{0,40}-key|apikey)(?![A-Za-z0-9_-])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, s_regexTimeout);
    private static readonly Regex s_queryHint = new(@"query[ _-]?(?:string|param)|\?[a-z0-9_-]*api[-_]?key=", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, s_regexTimeout);

    /// <summary>
    /// The name and place (header, query) of the API key a 401/403 answer asks for, when it names one: the
    /// Ocp-Apim-Subscription-Key of Azure API Management, or a key name in the challenge or the error body.
    /// </summary>
    public static (string Name, string In)? ApiKeyParameter(HttpProbeResult r)
    {
        if (r.StatusCode is not (401 or 403)) return null;
        try
        {
            foreach (var text in r.HeaderValues("WWW-Authenticate").Append(r.Body.Length > 0 ? TextSafety.Truncate(r.Text, 4096) : ""))
            {
                var m = s_apiKeyName.Match(text);
                if (!m.Success) continue;
                var name = m.Groups["name"].Value;
                var inQuery = name.Contains('_') || s_queryHint.IsMatch(text);
                return (name, inQuery ? "query" : "header");
            }
        }
        catch (RegexMatchTimeoutException) { }
        return null;
    }

    /// <summary>WWW-Authenticate may hold several challenges separated by commas that are not inside auth-params.</summary>
    private static IEnumerable<string> SplitChallenges(string header)
    {
        var parts = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var token in header.Split(','))
        {
            var t = token.Trim();
            var startsNewChallenge = !quoted && current.Length > 0 && Regex.IsMatch(t, @"^[A-Za-z0-9!#$%&'*+.^_`|~-]+(\s+[^=\s]|$)", RegexOptions.None, s_regexTimeout);
            if (startsNewChallenge) { parts.Add(current.ToString()); current.Clear(); }
            if (current.Length > 0) current.Append(',');
            current.Append(t);
            foreach (var c in token) if (c == '"') quoted = !quoted;
        }
        if (current.Length > 0) parts.Add(current.ToString());
        return parts;
    }

    /// <summary>A CORS preflight answer that lets a foreign origin send write methods or credentials headers: typical of APIs.</summary>
    public static string? CorsWriteSignal(HttpProbeResult r)
    {
        if (r.StatusCode is < 200 or >= 300) return null;
        var methods = string.Join(",", r.HeaderValues("Access-Control-Allow-Methods")).ToUpperInvariant();
        var headers = string.Join(",", r.HeaderValues("Access-Control-Allow-Headers")).ToLowerInvariant();
        var writes = new[] { "PUT", "PATCH", "DELETE" }.Where(m => methods.Contains(m, StringComparison.Ordinal)).ToArray();
        if (writes.Length == 0 && !headers.Contains("authorization", StringComparison.Ordinal)) return null;
        return $"CORS preflight allows {(writes.Length > 0 ? string.Join("/", writes) : "the Authorization header")} from a foreign origin";
    }
}
