using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api;

/// <summary>
/// The context of Test-ApiSecurity's checks on one API: the request, the network, and what was fetched once for
/// every check (the baseline, the site's answer to an unknown path, the reads of the specification's operations).
/// Checks that must ask the target more send through <see cref="SendAsync"/>, which logs every response, so the
/// checks that read responses (<see cref="ApiEvidence"/>) see them all.
/// </summary>
public sealed class ApiProbe
{
    private static readonly TimeSpan s_regexTimeout = TimeSpan.FromMilliseconds(200);
    private readonly CancellationToken _ct;
    private readonly ConcurrentQueue<(HttpProbeResult Response, bool Authenticated)> _responses = new();
    private readonly ConcurrentDictionary<string, Task<HttpProbeResult?>> _benign = new(StringComparer.Ordinal);
    private string? _lastAnswered;
    private RequestFailure? _firstFailure;

    internal ApiProbe(NetworkContext network, ApiSecurityRequest request, CancellationToken cancellationToken)
    {
        Network = network;
        Request = request;
        _ct = cancellationToken;
        Target = request.Url.ToString();
    }

    public NetworkContext Network { get; }
    public ApiSecurityRequest Request { get; }
    /// <summary>The URL assessed, as every finding names it.</summary>
    public string Target { get; }
    /// <summary>A random token of this run: probe paths and markers carry it, so no cache or earlier run answers them.</summary>
    public string Nonce { get; } = Guid.NewGuid().ToString("N")[..10];
    /// <summary>The URL as given, fetched without credentials and without following redirects.</summary>
    public HttpProbeResult Baseline { get; internal set; } = null!;
    /// <summary>The site's answer to a path that cannot exist: a 2xx here means a catch-all page (soft 404).</summary>
    public HttpProbeResult? Soft404 { get; internal set; }
    public HttpProbeResult? AuthenticatedBaseline { get; internal set; }
    /// <summary>Every read operation of the specification, as requested without credentials.</summary>
    public List<OperationRead> OperationReads { get; } = new();
    /// <summary>URLs that answered real content without credentials (the baseline and operation reads).</summary>
    public List<(Uri Url, HttpProbeResult Response)> OpenReads { get; } = new();
    /// <summary>Reads the specification declares public: reading their neighbours is what the API is for, not an IDOR.</summary>
    public HashSet<string> PublicByContract { get; } = new(StringComparer.Ordinal);
    /// <summary>Open resources whose OPTIONS advertise a write, with what advertised it: tried only with -Active.</summary>
    public List<(Uri Url, string Advertised)> AdvertisedWrites { get; } = new();

    /// <summary>Every response seen so far, with whether the request carried the user's credentials.</summary>
    public IReadOnlyList<(HttpProbeResult Response, bool Authenticated)> Responses => _responses.ToArray();

    /// <summary>The first request after the baseline that got no answer, with the last one answered before it.</summary>
    public RequestFailure? FirstFailure => Volatile.Read(ref _firstFailure);

    public bool SiteHasSoft404 => Soft404 is { } s && ResponseHeuristics.IsSuccess(s);

    public Finding Finding(ThreatRule rule, string location, string evidence, Confidence confidence = Confidence.Firm,
        DetectionMethod method = DetectionMethod.Passive, Severity? severity = null) =>
        rule.ToFinding(Target, $"{location}: {evidence}", confidence, method, severity, location: location);

    public async Task<HttpProbeResult?> SendAsync(Uri uri, string method = "GET", bool authenticated = false, bool followRedirects = true,
        string? body = null, string? contentType = null, IEnumerable<KeyValuePair<string, string>>? headers = null, long maxBodyBytes = 512 * 1024)
    {
        _ct.ThrowIfCancellationRequested();
        var all = new List<KeyValuePair<string, string>>();
        if (authenticated) all.AddRange(Request.AuthHeaders);
        if (headers is not null) all.AddRange(headers);
        try
        {
            var r = await Network.Http.SendAsync(new HttpProbeRequest
            {
                Uri = uri, Method = method, FollowRedirects = followRedirects, Headers = all, Body = body, BodyContentType = contentType,
                MaxBodyBytes = maxBodyBytes,
            }, _ct).ConfigureAwait(false);
            _responses.Enqueue((r, authenticated));
            Volatile.Write(ref _lastAnswered, $"{method} {uri.AbsolutePath}");
            Network.Log($"Test-ApiSecurity: {method} {uri.GetLeftPart(UriPartial.Path)} -> {r.StatusCode}");
            return r;
        }
        catch (TargetException ex) when (ex is not OutOfScopeException && (uri != Request.Url || Baseline is not null))
        {
            // Only a dead baseline ends the assessment ("did not answer"). After it, one failing request (timeout, reset,
            // a target that died mid-scan) does not throw away the findings gathered so far.
            Network.Log($"Test-ApiSecurity: {method} {uri} failed: {ex.Message}");
            Interlocked.CompareExchange(ref _firstFailure, new RequestFailure($"{method} {uri.AbsolutePath}", ex.Message, ex.Kind == TargetErrorKind.Timeout, Volatile.Read(ref _lastAnswered)), null);
            return null;
        }
    }

    /// <summary>A GET of <paramref name="uri"/> asked once per run however many checks want it (the benign value of an injection point).</summary>
    public Task<HttpProbeResult?> GetOnceAsync(Uri uri) => _benign.GetOrAdd(uri.AbsoluteUri, _ => SendAsync(uri));

    public static bool IsSuccess(HttpProbeResult? r) => r is not null && ResponseHeuristics.IsSuccess(r);

    /// <summary>A 2xx that is a real answer, not the site's catch-all page for unknown paths.</summary>
    public bool IsRealContent(HttpProbeResult? r)
    {
        if (!IsSuccess(r) || r!.Body.Length == 0 && r.Method != "HEAD") return false;
        if (Soft404 is { } soft && ResponseHeuristics.IsSuccess(soft))
        {
            if (soft.Body.AsSpan().SequenceEqual(r.Body)) return false;
            var a = soft.Body.Length; var b = r.Body.Length;
            if (Math.Abs(a - b) <= Math.Max(16, a / 20) && soft.ContentType == r.ContentType) return false;
        }
        return true;
    }

    public static Uri Origin(Uri u) => new(u.GetLeftPart(UriPartial.Authority) + "/");

    /// <summary>Where operation paths are rooted: the URL's path, unless the URL is the specification document itself.</summary>
    public Uri ApiBase()
    {
        var u = Request.Url;
        var path = u.AbsolutePath.TrimEnd('/');
        if (Regex.IsMatch(path, @"(\.json|\.ya?ml|api-docs|/swagger|/openapi)$", RegexOptions.IgnoreCase, s_regexTimeout) || path.Length == 0)
            return Origin(u);
        return new Uri(u.GetLeftPart(UriPartial.Authority) + path + "/");
    }

    public Uri OperationUri(string path, string fill = "1")
    {
        var filled = Regex.Replace(path, @"\{[^}/]*\}", fill, RegexOptions.None, s_regexTimeout);
        var b = ApiBase();
        var basePath = b.AbsolutePath.TrimEnd('/');
        // Operations discovery found by their links (an OData service's entity sets, a crawl) carry the full path, as the
        // inventory allows ("with or without the endpoint's base"): never root them twice.
        if (basePath.Length > 0 && (filled == basePath || filled.StartsWith(basePath + "/", StringComparison.Ordinal))) basePath = "";
        return new Uri(b.GetLeftPart(UriPartial.Authority) + basePath + "/" + filled.TrimStart('/'));
    }

    public static Uri WithQuery(Uri uri, string name, string value)
    {
        var sep = string.IsNullOrEmpty(uri.Query) ? "?" : "&";
        return new Uri(uri.GetLeftPart(UriPartial.Path) + (uri.Query.Length > 0 ? uri.Query : "") + sep + Uri.EscapeDataString(name) + "=" + Uri.EscapeDataString(value));
    }

    public CancellationToken CancellationToken => _ct;
}

/// <summary>One read operation of the specification, requested without credentials (Response null when it failed).</summary>
public sealed record OperationRead(ApiOperation Operation, Uri Url, HttpProbeResult? Response);

/// <summary>A request that got no answer (redacted message; whether it timed out), and the last request answered before it.</summary>
public sealed record RequestFailure(string Request, string Reason, bool TimedOut, string? LastAnswered);

/// <summary>The context of the checks that run after every other (what the assessment did to the target).</summary>
public sealed record ApiAftermath(ApiProbe Probe);

/// <summary>The context of the checks that only run with -Active (canaries, adjacent reads, the burst).</summary>
public sealed record ApiActiveProbe(ApiProbe Probe);
