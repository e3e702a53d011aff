using System.Text.Json;
using System.Text.RegularExpressions;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Api;

/// <summary>Readings of one response: rate-limit headers, cacheability, personal data, tokens, id sequences.</summary>
public static class ResponseHeuristics
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMilliseconds(200);
    private static readonly string[] s_rateLimitHeaders =
    {
        "RateLimit", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "RateLimit-Policy",
        "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "X-Rate-Limit-Limit", "X-Rate-Limit-Remaining", "Retry-After",
    };
    private static readonly Regex s_piiKey = new(
        @"^(e-?mail(_?address)?|phone(_?number)?|mobile|msisdn|ssn|social_?security(_?number)?|national_?id|tax_?id|dob|date_?of_?birth|birth_?date|birthday|(home_?|street_?|postal_?)?address|iban|card_?number|credit_?card|passport(_?number)?)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, s_timeout);
    private static readonly Regex s_tokenKey = new(@"^(access_?token|refresh_?token|id_?token|auth_?token|token|session_?token|jwt)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, s_timeout);
    private static readonly Regex s_idKey = new(@"^(id|.*(_id|Id|ID))$", RegexOptions.CultureInvariant, s_timeout);
    private const int MaxJsonBytes = 1024 * 1024;

    public static bool HasRateLimitHeaders(HttpProbeResult r) => s_rateLimitHeaders.Any(r.HasHeader);

    public static string? RateLimitHeader(HttpProbeResult r) => s_rateLimitHeaders.FirstOrDefault(r.HasHeader);

    public static bool IsSuccess(HttpProbeResult r) => r.StatusCode is >= 200 and < 300;

    public static bool IsJson(HttpProbeResult r) =>
        (r.ContentType ?? "").Contains("json", StringComparison.OrdinalIgnoreCase) ||
        (r.Body.Length > 0 && r.Body.AsSpan().TrimStart((byte)' ') is { Length: > 0 } s && (s[0] == (byte)'{' || s[0] == (byte)'['));

    public static bool HasNoStore(HttpProbeResult r) =>
        string.Join(",", r.HeaderValues("Cache-Control")).Contains("no-store", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether a shared cache may store and reuse the response (explicitly, or by heuristic freshness).</summary>
    public static bool IsCacheable(HttpProbeResult r, out string why)
    {
        var cc = string.Join(",", r.HeaderValues("Cache-Control")).ToLowerInvariant();
        why = cc.Length > 0 ? "Cache-Control: " + TextSafety.Truncate(cc, 120) : "no Cache-Control";
        if (cc.Contains("no-store") || cc.Contains("private") || cc.Contains("no-cache")) return false;
        if (r.HasHeader("Authorization")) return false;
        if (cc.Contains("public")) return true;
        foreach (var directive in cc.Split(','))
        {
            var d = directive.Trim();
            if ((d.StartsWith("max-age=") || d.StartsWith("s-maxage=")) && int.TryParse(d[(d.IndexOf('=') + 1)..].Trim('"'), out var age) && age > 0)
                return true;
        }
        if (cc.Length == 0 && (r.HasHeader("Expires") || r.HasHeader("Last-Modified")))
        {
            why = "no Cache-Control, heuristic freshness from " + (r.HasHeader("Expires") ? "Expires" : "Last-Modified");
            return true;
        }
        return false;
    }

    /// <summary>JSON keys that carry personal data with non-empty values (bounded walk).</summary>
    public static List<string> PersonalDataKeys(HttpProbeResult r) => WalkKeys(r, s_piiKey);

    public static List<string> TokenKeys(HttpProbeResult r) => WalkKeys(r, s_tokenKey);

    private static List<string> WalkKeys(HttpProbeResult r, Regex keyPattern)
    {
        var found = new List<string>();
        if (!IsJson(r) || r.Body.Length == 0 || r.Body.Length > MaxJsonBytes) return found;
        try
        {
            using var doc = JsonDocument.Parse(r.Body, new JsonDocumentOptions { MaxDepth = 64 });
            var budget = 20_000;
            Walk(doc.RootElement, keyPattern, found, ref budget);
        }
        catch (JsonException) { }
        return found;
    }

    private static void Walk(JsonElement e, Regex keyPattern, List<string> found, ref int budget)
    {
        if (--budget < 0 || found.Count >= 10) return;
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    bool match;
                    try { match = keyPattern.IsMatch(p.Name); } catch (RegexMatchTimeoutException) { match = false; }
                    if (match && p.Value.ValueKind is JsonValueKind.String && p.Value.GetString() is { Length: > 0 } && !found.Contains(p.Name)) found.Add(p.Name);
                    Walk(p.Value, keyPattern, found, ref budget);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray()) Walk(item, keyPattern, found, ref budget);
                break;
        }
    }

    /// <summary>
    /// An array of at least three objects whose id fields are consecutive small integers (1, 2, 3 ...), as evidence,
    /// or null.
    /// </summary>
    public static string? SequentialIds(HttpProbeResult r)
    {
        if (!IsJson(r) || r.Body.Length == 0 || r.Body.Length > MaxJsonBytes) return null;
        try
        {
            using var doc = JsonDocument.Parse(r.Body, new JsonDocumentOptions { MaxDepth = 64 });
            var budget = 5_000;
            return FindSequence(doc.RootElement, ref budget);
        }
        catch (JsonException) { return null; }
    }

    private static string? FindSequence(JsonElement e, ref int budget)
    {
        if (--budget < 0) return null;
        if (e.ValueKind == JsonValueKind.Array)
        {
            var byKey = new Dictionary<string, List<long>>();
            foreach (var item in e.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object) continue;
                foreach (var p in item.EnumerateObject())
                {
                    bool isId;
                    try { isId = s_idKey.IsMatch(p.Name); } catch (RegexMatchTimeoutException) { isId = false; }
                    if (isId && p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt64(out var v))
                        (byKey.TryGetValue(p.Name, out var list) ? list : byKey[p.Name] = new List<long>()).Add(v);
                }
            }
            foreach (var (key, values) in byKey)
            {
                if (values.Count < 3) continue;
                var sorted = values.Distinct().OrderBy(v => v).ToList();
                if (sorted.Count == values.Count && sorted[^1] - sorted[0] == sorted.Count - 1 && sorted[^1] < 10_000_000)
                    return $"{key}: {string.Join(", ", sorted.Take(5))}{(sorted.Count > 5 ? ", ..." : "")}";
            }
            foreach (var item in e.EnumerateArray()) if (FindSequence(item, ref budget) is { } s) return s;
        }
        else if (e.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in e.EnumerateObject()) if (FindSequence(p.Value, ref budget) is { } s) return s;
        }
        return null;
    }
}
