namespace ApiThreat.Engine.Fingerprints;

/// <summary>
/// What the detector looks at: one response (headers, body text, TLS issuer) and, when fetched with -Depth Deep,
/// the favicon hash, robots.txt and the answer to a random missing path. Built from a live fetch, from an
/// already-fetched response piped in, or from a stored fixture.
/// </summary>
public sealed class ResponseEvidence
{
    public string Url { get; init; } = "";
    public int StatusCode { get; init; }
    /// <summary>Every header as received (multi-valued headers repeated); Set-Cookie gives the cookies.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = Array.Empty<KeyValuePair<string, string>>();
    /// <summary>Cookies known apart from Set-Cookie headers (e.g. a session's cookie jar), name → value.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Cookies { get; init; } = Array.Empty<KeyValuePair<string, string>>();
    /// <summary>The decoded body; the detector scans at most <see cref="TechnologyDetector.MaxBodyChars"/> of it.</summary>
    public string Body { get; init; } = "";
    /// <summary>The page title when no body is at hand (an HttpProbe piped in); the body's own title wins.</summary>
    public string? Title { get; init; }
    public string? CertificateIssuer { get; init; }
    public int? FaviconHash { get; init; }
    public string? Robots { get; init; }
    /// <summary>The response to a random path that should not exist (default error pages), or null.</summary>
    public ResponseEvidence? ErrorPage { get; init; }

    /// <summary>Header values with that name, in order.</summary>
    public IEnumerable<string> HeaderValues(string name)
    {
        foreach (var h in Headers) if (string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)) yield return h.Value;
    }
}
