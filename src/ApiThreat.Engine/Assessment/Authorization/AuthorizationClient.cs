using System.Diagnostics;
using System.Text.Json;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Authorization;

/// <summary>One answer, reduced to what the matrix and the checks need; the body itself is not kept.</summary>
public sealed class Answer
{
    public int StatusCode { get; init; }
    public long Size { get; init; }
    public string? ContentType { get; init; }
    public string? Location { get; init; }
    public ResponseShape Shape { get; init; } = ResponseShape.Empty;
    public IReadOnlyList<HarvestedObject> Objects { get; init; } = Array.Empty<HarvestedObject>();
    public IReadOnlyList<string> SelfMarkers { get; init; } = Array.Empty<string>();
    /// <summary>Headers that matter to the checks (rate limiting, lockout), scrubbed of secrets.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = Array.Empty<KeyValuePair<string, string>>();
    /// <summary>The first 2 KB of a non-JSON body, scrubbed (lockout and enumeration wording).</summary>
    public string Snippet { get; init; } = "";
    /// <summary>Why the request failed (timeout, reset), when it did; StatusCode is 0 then.</summary>
    public string? Failure { get; init; }

    public bool IsSuccess => StatusCode is >= 200 and < 300;
    public bool IsDenied => StatusCode is 401 or 403 or 404 || StatusCode is >= 300 and < 400;

    public static Answer Failed(string why) => new() { Failure = why };
}

/// <summary>
/// Sends the requests of one API's authorization test as a given identity, through the engine's prober (scope,
/// per-host rate limit, caps, timeouts), never following redirects (a redirect to a login page is a refusal). Counts
/// every request; logs them to Verbose without query values or anything an identity carries; logs an identity in
/// again when its token has expired (a 401 where a request that worked before now fails too).
/// </summary>
public sealed class AuthorizationClient
{
    private const long MaxBody = 512 * 1024;
    private static readonly TimeSpan s_livenessValidity = TimeSpan.FromSeconds(2);
    private static readonly string[] s_keptHeaders = { "Retry-After", "RateLimit-Remaining", "X-RateLimit-Remaining", "WWW-Authenticate", "Content-Type" };

    private readonly NetworkContext _net;
    private readonly SecretScrubber _scrubber;
    private readonly Dictionary<string, Liveness> _liveness = new(StringComparer.Ordinal);
    private int _requests;

    public AuthorizationClient(NetworkContext net, SecretScrubber scrubber)
    {
        _net = net;
        _scrubber = scrubber;
    }

    public int RequestCount => Volatile.Read(ref _requests);
    public SecretScrubber Scrubber => _scrubber;
    public NetworkContext Network => _net;

    private sealed class Liveness
    {
        public Uri? Uri;
        public long CheckedAt;
    }

    /// <summary>A request known to succeed for this identity: replayed to tell an expired token from a refusal.</summary>
    public void RememberSuccess(AuthIdentity identity, Uri uri)
    {
        lock (_liveness)
            if (!_liveness.TryGetValue(identity.Name, out var l)) _liveness[identity.Name] = new Liveness { Uri = uri, CheckedAt = Stopwatch.GetTimestamp() };
    }

    public async Task<Answer> SendAsync(AuthIdentity identity, string method, Uri uri, CancellationToken ct,
        string? body = null, string? contentType = null, IReadOnlyList<KeyValuePair<string, string>>? headers = null,
        bool harvest = true, string? template = null)
    {
        var generation = identity.Generation;
        var answer = await SendOnceAsync(identity, method, uri, ct, body, contentType, headers, harvest, template).ConfigureAwait(false);
        if (answer.StatusCode != 401 || headers is not null || !identity.CanRefresh) return answer;
        if (!await NeedsRefreshAsync(identity, uri, ct).ConfigureAwait(false)) return answer;
        _net.Log($"Test-ApiAuthorization: {identity.Name} was refused (401) where it was accepted before; logging in again");
        if (!await identity.RefreshAsync(generation, ct).ConfigureAwait(false)) return answer;
        return await SendOnceAsync(identity, method, uri, ct, body, contentType, headers, harvest, template).ConfigureAwait(false);
    }

    private async Task<bool> NeedsRefreshAsync(AuthIdentity identity, Uri refused, CancellationToken ct)
    {
        // A JWT says itself when it expires: no request needed to know it is stale.
        if (identity.Jwt()?.Token.Expires is { } expires) return expires <= DateTimeOffset.UtcNow.AddSeconds(2);
        Liveness? live;
        lock (_liveness) _liveness.TryGetValue(identity.Name, out live);
        if (live?.Uri is null) return true; // nothing has worked yet: the token given may already be stale
        if (live.Uri == refused) return true;
        if (Stopwatch.GetElapsedTime(Volatile.Read(ref live.CheckedAt)) < s_livenessValidity) return false;
        var check = await SendOnceAsync(identity, "GET", live.Uri, ct, null, null, null, harvest: false, template: null).ConfigureAwait(false);
        if (check.IsSuccess) Volatile.Write(ref live.CheckedAt, Stopwatch.GetTimestamp());
        return check.StatusCode == 401;
    }

    private async Task<Answer> SendOnceAsync(AuthIdentity identity, string method, Uri uri, CancellationToken ct,
        string? body, string? contentType, IReadOnlyList<KeyValuePair<string, string>>? headers, bool harvest, string? template)
    {
        ct.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _requests);
        var all = new List<KeyValuePair<string, string>>(headers ?? identity.Headers);
        if (body is not null && contentType is null) contentType = "application/json";
        HttpProbeResult r;
        try
        {
            r = await _net.Http.SendAsync(new HttpProbeRequest
            {
                Uri = uri, Method = method, Headers = all, Body = body, BodyContentType = contentType, FollowRedirects = false, MaxBodyBytes = MaxBody,
            }, ct).ConfigureAwait(false);
        }
        catch (TargetException ex) when (ex is not OutOfScopeException)
        {
            var why = _scrubber.Scrub(ex.Message);
            _net.Log($"Test-ApiAuthorization: {identity.Name} {method} {_scrubber.Scrub(TextSafety.RedactUri(uri))} failed: {why}");
            return Answer.Failed(why);
        }
        _net.Log($"Test-ApiAuthorization: {identity.Name} {method} {_scrubber.Scrub(TextSafety.RedactUri(uri))} -> {r.StatusCode} ({r.Body.Length} bytes)");
        return Digest(r, identity, uri, harvest, template);
    }

    private Answer Digest(HttpProbeResult r, AuthIdentity identity, Uri uri, bool harvest, string? template)
    {
        JsonDocument? json = null;
        try
        {
            if (LooksJson(r))
            {
                try { json = JsonDocument.Parse(r.Body, new JsonDocumentOptions { MaxDepth = 64, AllowTrailingCommas = true }); }
                catch (JsonException) { }
            }
            var success = r.StatusCode is >= 200 and < 300;
            var objects = success && harvest && json is not null
                ? ObjectHarvester.Harvest(json, identity.Name, template ?? uri.AbsolutePath, uri.AbsolutePath)
                : (IReadOnlyList<HarvestedObject>)Array.Empty<HarvestedObject>();
            var markers = success && json is not null ? ObjectHarvester.SelfMarkers(json).ToArray() : Array.Empty<string>();
            var kept = r.Headers.Where(h => s_keptHeaders.Contains(h.Key, StringComparer.OrdinalIgnoreCase))
                .Select(h => new KeyValuePair<string, string>(h.Key, _scrubber.Scrub(TextSafety.Truncate(TextSafety.StripControl(h.Value), 200)))).ToArray();
            var snippet = json is null && r.Body.Length > 0
                ? _scrubber.Scrub(TextSafety.StripControl(System.Text.Encoding.UTF8.GetString(r.Body, 0, Math.Min(r.Body.Length, 2048))))
                : json is not null ? _scrubber.Scrub(TextSafety.Truncate(TextSafety.StripControl(System.Text.Encoding.UTF8.GetString(r.Body, 0, Math.Min(r.Body.Length, 2048))), 2048)) : "";
            return new Answer
            {
                StatusCode = r.StatusCode,
                Size = r.Body.Length,
                ContentType = r.ContentType,
                Location = r.Header("Location") is { } loc ? _scrubber.Scrub(TextSafety.Truncate(loc, 500)) : null,
                Shape = ResponseShape.Of(r.Body, json),
                Objects = objects.Select(o => _scrubber.Scrub(o)).Where(o => o.Properties.Count > 0).ToArray(),
                SelfMarkers = markers.Where(m => !_scrubber.Contains(m)).ToArray(),
                Headers = kept,
                Snippet = snippet,
            };
        }
        finally { json?.Dispose(); }
    }

    private static bool LooksJson(HttpProbeResult r)
    {
        if ((r.ContentType ?? "").Contains("json", StringComparison.OrdinalIgnoreCase)) return true;
        var span = r.Body.AsSpan().TrimStart(" \t\r\n"u8);
        return span.Length > 0 && (span[0] == (byte)'{' || span[0] == (byte)'[');
    }
}
