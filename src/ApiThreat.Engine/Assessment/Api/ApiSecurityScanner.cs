using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ApiThreat.Engine.Specs.Checks;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Api;

/// <summary>
/// Assesses one live API from outside (Test-ApiSecurity). Passive checks read only: GET, HEAD and OPTIONS requests,
/// and read-only GraphQL queries ({__typename}, introspection), which GraphQL carries in POST bodies. Active checks
/// (canaries that look for error signatures and evaluated or reflected markers, never destructive payloads; the
/// neighbour of an object read without credentials; a bounded burst) run only when asked. Every request goes
/// through the engine's prober: scope guard, per-host rate limit, caps and timeouts.
/// </summary>
public sealed class ApiSecurityScanner
{
    private static readonly TimeSpan s_regexTimeout = TimeSpan.FromMilliseconds(200);
    private static readonly Regex s_keyRejected = new(
        @"(invalid|expired|unknown|revoked|bad|wrong|malformed|unrecognized)[\w\s-]{0,20}(api[\s_-]?key|key|token|credential)|(api[\s_-]?key|token|key)[\w\s-]{0,20}(invalid|expired|not valid|unknown|revoked|rejected)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, s_regexTimeout);
    private static readonly string[] s_unsafeMethods = { "PUT", "DELETE", "PATCH" };

    /// <summary>Diagnostic paths, with what their content looks like when they are really exposed.</summary>
    private static readonly (string Path, Regex? Signature, Severity? Severity)[] s_adminPaths =
    {
        ("/admin", null, null),
        ("/actuator", Sig(@"""_links""\s*:"), null),
        ("/actuator/env", Sig(@"""propertySources""|""activeProfiles"""), Severity.Critical),
        ("/actuator/heapdump", Sig(@"^JAVA PROFILE"), Severity.Critical),
        ("/actuator/mappings", Sig(@"""dispatcherServlets?""|""mappings"""), null),
        ("/actuator/configprops", Sig(@"""contexts""\s*:|""beans""\s*:"), null),
        ("/env", Sig(@"""propertySources""|(?m)^(PATH|HOME|JAVA_HOME|AWS_[A-Z_]+)="), Severity.Critical),
        ("/.env", Sig(@"(?m)^[A-Z][A-Z0-9_]{2,}=.*\r?\n[A-Z][A-Z0-9_]{2,}="), Severity.Critical),
        ("/heapdump", Sig(@"^JAVA PROFILE"), Severity.Critical),
        ("/debug", null, null),
        ("/debug/vars", Sig(@"""memstats""\s*:|""cmdline""\s*:"), null),
        ("/debug/pprof/", Sig(@"goroutine|Types of profiles available"), null),
        ("/internal", null, null),
        ("/metrics", Sig(@"(?m)^# (HELP|TYPE) \w+|""names""\s*:\s*\[\s*""jvm\."), null),
        ("/server-status", Sig(@"Apache Server Status|Server uptime:|Scoreboard Key"), null),
        ("/server-info", Sig(@"Apache Server Information"), null),
        ("/phpinfo.php", Sig(@"phpinfo\(\)|<title>PHP \d"), null),
        ("/jolokia", Sig(@"""agent""\s*:|jolokia"), null),
        ("/h2-console", Sig(@"H2 Console"), null),
    };

    private static Regex Sig(string pattern) => new(pattern, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, s_regexTimeout);

    private readonly NetworkContext _net;
    private readonly ApiSecurityRequest _request;
    private readonly CancellationToken _ct;
    private readonly string _target;
    private readonly List<Finding> _findings = new();
    private readonly HashSet<(string, string)> _reported = new();
    // Every response seen, for the checks that look across responses (errors, rate-limit headers, caching).
    private readonly ConcurrentQueue<(HttpProbeResult Response, bool Authenticated)> _responses = new();
    private readonly string _nonce = Guid.NewGuid().ToString("N")[..10];
    private HttpProbeResult? _soft404;
    // Reads the specification declares public: reading their neighbours is what the API is for, not an IDOR.
    private readonly HashSet<string> _publicByContract = new(StringComparer.Ordinal);

    private ApiSecurityScanner(NetworkContext net, ApiSecurityRequest request, CancellationToken ct)
    {
        _net = net;
        _request = request;
        _ct = ct;
        _target = request.Url.ToString();
    }

    public static async Task<IReadOnlyList<Finding>> ScanAsync(NetworkContext net, ApiSecurityRequest request, CancellationToken cancellationToken)
    {
        var scanner = new ApiSecurityScanner(net, request, cancellationToken);
        await scanner.RunAsync().ConfigureAwait(false);
        return scanner._findings;
    }

    private void Add(ThreatRule rule, string location, string evidence, Confidence confidence = Confidence.Firm,
        DetectionMethod method = DetectionMethod.Passive, Severity? severity = null)
    {
        if (!_reported.Add((rule.Id, location))) return;
        _findings.Add(rule.ToFinding(_target, $"{location}: {evidence}", confidence, method, severity, location: location));
    }

    private async Task RunAsync()
    {
        var url = _request.Url;
        _net.Log($"Test-ApiSecurity: {url} (passive{(_request.Active ? " + active" : "")})");

        // The baseline: the URL as given, without credentials and without following redirects (a redirect to HTTPS
        // is the right answer of a plain-HTTP listener and must be seen as such).
        var baseline = await SendAsync(url, followRedirects: false).ConfigureAwait(false);
        if (baseline is null) throw new TargetException(_target, "ApiUnreachable", TargetErrorKind.ConnectionError,
            $"{url} did not answer.", "Check that the API is up and in scope.");
        _soft404 = await SendAsync(new Uri(Origin(url), $"/atr-missing-{_nonce}")).ConfigureAwait(false);
        HttpProbeResult? authenticatedBaseline = null;
        if (_request.AuthHeaders.Count > 0) authenticatedBaseline = await SendAsync(url, authenticated: true).ConfigureAwait(false);

        var openReads = new List<(Uri Url, HttpProbeResult Response)>();
        if (IsSuccess(baseline)) openReads.Add((url, baseline));

        await CheckOperationsAsync(openReads).ConfigureAwait(false);
        await CheckAdminPathsAsync().ConfigureAwait(false);
        await ProvokeErrorsAsync().ConfigureAwait(false);
        await CheckOptionsAsync(url, baseline, openReads).ConfigureAwait(false);
        await CheckGraphQlAsync().ConfigureAwait(false);
        await CheckKeyInQueryAsync(baseline).ConfigureAwait(false);
        CheckTransport(baseline);
        CheckResponses(authenticatedBaseline);

        if (_request.Active)
        {
            _net.Log($"Test-ApiSecurity: active checks on {url}");
            await InjectAsync(openReads).ConfigureAwait(false);
            await AdjacentReadsAsync(openReads).ConfigureAwait(false);
            await BurstAsync().ConfigureAwait(false);
        }
    }

    // ---------------------------------------------------------------- requests

    private async Task<HttpProbeResult?> SendAsync(Uri uri, string method = "GET", bool authenticated = false, bool followRedirects = true,
        string? body = null, string? contentType = null, IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        _ct.ThrowIfCancellationRequested();
        var all = new List<KeyValuePair<string, string>>();
        if (authenticated) all.AddRange(_request.AuthHeaders);
        if (headers is not null) all.AddRange(headers);
        try
        {
            var r = await _net.Http.SendAsync(new HttpProbeRequest
            {
                Uri = uri, Method = method, FollowRedirects = followRedirects, Headers = all, Body = body, BodyContentType = contentType,
                MaxBodyBytes = 512 * 1024,
            }, _ct).ConfigureAwait(false);
            _responses.Enqueue((r, authenticated));
            _net.Log($"Test-ApiSecurity: {method} {uri.GetLeftPart(UriPartial.Path)} -> {r.StatusCode}");
            return r;
        }
        catch (TargetException ex) when (ex is not OutOfScopeException && uri != _request.Url)
        {
            // One failing path (timeout, reset) does not end the assessment of the API.
            _net.Log($"Test-ApiSecurity: {method} {uri} failed: {ex.Message}");
            return null;
        }
    }

    private static bool IsSuccess(HttpProbeResult? r) => r is not null && ResponseHeuristics.IsSuccess(r);

    /// <summary>A 2xx that is a real answer, not the site's catch-all page for unknown paths.</summary>
    private bool IsRealContent(HttpProbeResult? r)
    {
        if (!IsSuccess(r) || r!.Body.Length == 0 && r.Method != "HEAD") return false;
        if (_soft404 is { } soft && ResponseHeuristics.IsSuccess(soft))
        {
            if (soft.Body.AsSpan().SequenceEqual(r.Body)) return false;
            var a = soft.Body.Length; var b = r.Body.Length;
            if (Math.Abs(a - b) <= Math.Max(16, a / 20) && soft.ContentType == r.ContentType) return false;
        }
        return true;
    }

    private static Uri Origin(Uri u) => new(u.GetLeftPart(UriPartial.Authority) + "/");

    /// <summary>Where operation paths are rooted: the URL's path, unless the URL is the specification document itself.</summary>
    private Uri ApiBase()
    {
        var u = _request.Url;
        var path = u.AbsolutePath.TrimEnd('/');
        if (Regex.IsMatch(path, @"(\.json|\.ya?ml|api-docs|/swagger|/openapi)$", RegexOptions.IgnoreCase, s_regexTimeout) || path.Length == 0)
            return Origin(u);
        return new Uri(u.GetLeftPart(UriPartial.Authority) + path + "/");
    }

    private Uri OperationUri(string path, string fill = "1")
    {
        var filled = Regex.Replace(path, @"\{[^}/]*\}", fill, RegexOptions.None, s_regexTimeout);
        var b = ApiBase();
        return new Uri(b.GetLeftPart(UriPartial.Authority) + b.AbsolutePath.TrimEnd('/') + "/" + filled.TrimStart('/'));
    }

    // ---------------------------------------------------------------- passive

    private async Task CheckOperationsAsync(List<(Uri Url, HttpProbeResult Response)> openReads)
    {
        var ops = _request.Operations.Where(o => o.Method is "GET" or "HEAD").Take(_request.MaxOperations).ToList();
        foreach (var op in ops)
        {
            var uri = OperationUri(op.Path);
            var r = await SendAsync(uri, op.Method).ConfigureAwait(false);
            if (!IsRealContent(r)) continue;
            openReads.Add((uri, r!));
            if (op.AllowsAnonymous) _publicByContract.Add(uri.AbsoluteUri);
            if (!op.AllowsAnonymous)
                Add(ApiRules.SecuredOperationOpen, $"{op.Method} {op.Path}",
                    $"declared security {string.Join(", ", op.Security)}; {op.Method} {uri.PathAndQuery} without credentials answered {r!.StatusCode} ({r.Body.Length} bytes)");
        }
    }

    private async Task CheckAdminPathsAsync()
    {
        var origin = Origin(_request.Url);
        var candidates = s_adminPaths.Select(a => (Uri: new Uri(origin, a.Path), a.Path, a.Signature, a.Severity)).ToList();
        // Administrative-looking operations of the spec are probed as well (when they need no path parameters).
        foreach (var op in _request.Operations.Where(o => o.Method == "GET" && !o.Path.Contains('{')))
        {
            if (SpecNames.IsAdministrative(op.Path) && op.AllowsAnonymous) candidates.Add((OperationUri(op.Path), op.Path, null, null));
        }
        var soft = _soft404 is { } s && ResponseHeuristics.IsSuccess(s);
        foreach (var (uri, path, signature, severity) in candidates.DistinctBy(c => c.Uri.AbsoluteUri))
        {
            if (soft && signature is null) continue; // a catch-all 200 site: only content signatures count
            var r = await SendAsync(uri).ConfigureAwait(false);
            if (!IsRealContent(r)) continue;
            var text = r!.Text;
            var signed = signature is not null && ResponseSignatures.IsMatch(signature, text);
            if (signature is not null && !signed) continue;
            Add(ApiRules.AdminEndpointExposed, uri.AbsolutePath,
                $"GET {uri.AbsolutePath} answered {r.StatusCode} without credentials ({r.ContentType ?? "no content type"}, {r.Body.Length} bytes){(signed ? ", content matches " + path : "")}",
                signed ? Confidence.Confirmed : Confidence.Tentative, severity: severity);
        }
    }

    private async Task ProvokeErrorsAsync()
    {
        // A malformed percent-escape is a plain GET that many stacks answer with their default error page.
        await SendAsync(new Uri(ApiBase(), $"atr-{_nonce}%")).ConfigureAwait(false);
        foreach (var (r, _) in _responses.ToArray())
        {
            var text = r.Text;
            if (text.Length == 0) continue;
            var names = ResponseSignatures.Match(ResponseSignatures.Errors, text);
            names.AddRange(ResponseSignatures.Match(ResponseSignatures.Sql, text));
            if (r.StatusCode >= 400 && ResponseSignatures.IsMatch(ResponseSignatures.FilePath, text)) names.Add("server file path");
            if (names.Count == 0) continue;
            var excerpt = ResponseSignatures.Excerpt(ResponseSignatures.Errors, text) ?? ResponseSignatures.Excerpt(ResponseSignatures.Sql, text) ?? "";
            Add(ApiRules.VerboseError, r.RequestedUri.AbsolutePath,
                $"{r.Method} {r.RequestedUri.PathAndQuery} answered {r.StatusCode} with {string.Join(", ", names.Distinct())}{(excerpt.Length > 0 ? ": " + excerpt : "")}");
        }
    }

    private async Task CheckOptionsAsync(Uri url, HttpProbeResult baseline, List<(Uri Url, HttpProbeResult Response)> openReads)
    {
        var targets = new List<(Uri Url, bool OpenRead)> { (url, IsSuccess(baseline)) };
        targets.AddRange(openReads.Where(o => o.Url != url).Take(4).Select(o => (o.Url, true)));
        foreach (var (uri, openRead) in targets)
        {
            var r = await SendAsync(uri, "OPTIONS").ConfigureAwait(false);
            if (r is null || r.StatusCode >= 400) continue;
            var allow = string.Join(",", r.HeaderValues("Allow")).ToUpperInvariant();
            var methods = allow.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (methods.Contains("TRACE") || methods.Contains("TRACK"))
                Add(ApiRules.TraceAdvertised, uri.AbsolutePath, $"OPTIONS {uri.AbsolutePath}: Allow: {TextSafety.Truncate(allow, 200)}");
            var writes = methods.Where(m => s_unsafeMethods.Contains(m)).ToList();
            if (openRead && writes.Count > 0)
                Add(ApiRules.WriteMethodsOnOpenResource, uri.AbsolutePath,
                    $"GET without credentials answered 200 and OPTIONS advertises {string.Join(", ", writes)} (Allow: {TextSafety.Truncate(allow, 200)})",
                    Confidence.Tentative);
        }
    }

    private async Task CheckGraphQlAsync()
    {
        var url = _request.Url;
        Uri endpoint;
        if (_request.Kind == EndpointKind.GraphQL || url.AbsolutePath.Contains("graphql", StringComparison.OrdinalIgnoreCase)) endpoint = url;
        else endpoint = new Uri(Origin(url), "/graphql");
        var probe = await GraphQlAsync(endpoint, "{\"query\":\"{__typename}\"}").ConfigureAwait(false);
        if (probe is null || !HasData(probe, out _)) return;
        var where = endpoint.AbsolutePath;

        var introspection = await GraphQlAsync(endpoint,
            "{\"query\":\"query AtrIntrospection{__schema{queryType{name fields{name}} mutationType{name} types{name}}}\"}").ConfigureAwait(false);
        var fields = new List<string>();
        if (introspection is not null && HasData(introspection, out var data) && data.TryGetProperty("__schema", out var schema) && schema.ValueKind == JsonValueKind.Object)
        {
            var typeCount = schema.TryGetProperty("types", out var types) && types.ValueKind == JsonValueKind.Array ? types.GetArrayLength() : 0;
            if (schema.TryGetProperty("queryType", out var qt) && qt.ValueKind == JsonValueKind.Object && qt.TryGetProperty("fields", out var fs) && fs.ValueKind == JsonValueKind.Array)
                foreach (var f in fs.EnumerateArray().Take(50))
                    if (f.ValueKind == JsonValueKind.Object && f.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String) fields.Add(n.GetString()!);
            Add(ApiRules.GraphQlIntrospection, where, $"__schema answered: {typeCount} types, query fields {TextSafety.Truncate(string.Join(", ", fields.Take(10)), 300)}");
        }

        // A misspelt field: servers with suggestions answer "Did you mean ...?".
        var misspelt = fields.FirstOrDefault(f => f.Length >= 4 && !f.StartsWith("__")) is { } real ? real[..^1] : "usr";
        var extra = fields.Count == 0 ? " ordr prodct acount" : "";
        var suggestion = await GraphQlAsync(endpoint, JsonSerializer.Serialize(new { query = "{ " + misspelt + extra + " }" })).ConfigureAwait(false);
        if (suggestion is not null && suggestion.Text.Contains("Did you mean", StringComparison.OrdinalIgnoreCase))
        {
            var i = suggestion.Text.IndexOf("Did you mean", StringComparison.OrdinalIgnoreCase);
            Add(ApiRules.GraphQlSuggestions, where, TextSafety.Truncate(TextSafety.StripControl(suggestion.Text[i..]), 160));
        }

        var batch = await GraphQlAsync(endpoint, "[{\"query\":\"{__typename}\"},{\"query\":\"{__typename}\"}]").ConfigureAwait(false);
        if (batch is not null && ResponseHeuristics.IsSuccess(batch))
        {
            try
            {
                using var doc = JsonDocument.Parse(batch.Body, new JsonDocumentOptions { MaxDepth = 32 });
                if (doc.RootElement.ValueKind == JsonValueKind.Array && doc.RootElement.GetArrayLength() >= 2 &&
                    doc.RootElement.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("data", out _)))
                    Add(ApiRules.GraphQlBatching, where, "an array of 2 queries was executed in one request");
            }
            catch (JsonException) { }
        }
    }

    private Task<HttpProbeResult?> GraphQlAsync(Uri endpoint, string body) =>
        SendAsync(endpoint, "POST", body: body, contentType: "application/json",
            headers: new[] { new KeyValuePair<string, string>("Accept", "application/graphql-response+json, application/json") });

    private static bool HasData(HttpProbeResult r, out JsonElement data)
    {
        data = default;
        if (r.Body.Length == 0 || r.Body.Length > 4 * 1024 * 1024) return false;
        try
        {
            using var doc = JsonDocument.Parse(r.Body, new JsonDocumentOptions { MaxDepth = 64 });
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object)
            {
                data = d.Clone();
                return true;
            }
        }
        catch (JsonException) { }
        return false;
    }

    private async Task CheckKeyInQueryAsync(HttpProbeResult baseline)
    {
        // Where credentials are demanded: the baseline, or the first secured operation that refused us.
        (Uri Url, HttpProbeResult Response)? refused = baseline.StatusCode is 401 or 403 ? (_request.Url, baseline) : null;
        if (refused is null)
            foreach (var (r, auth) in _responses.ToArray())
                if (!auth && r.StatusCode is 401 or 403 && r.Method == "GET" && !r.RequestedUri.AbsolutePath.StartsWith("/atr-")) { refused = (r.RequestedUri, r); break; }
        if (refused is not { } target) return;
        var before = target.Response;
        var beforeRejects = ResponseSignatures.IsMatch(s_keyRejected, before.Text);
        foreach (var name in new[] { "api_key", "apikey", "access_token", "token", "key" })
        {
            var uri = WithQuery(target.Url, name, "atr" + _nonce);
            var r = await SendAsync(uri).ConfigureAwait(false);
            if (r is null) continue;
            var rejectsKey = !beforeRejects && ResponseSignatures.IsMatch(s_keyRejected, r.Text);
            var statusChanged = r.StatusCode != before.StatusCode && r.StatusCode is 401 or 403;
            if (rejectsKey || statusChanged)
            {
                Add(ApiRules.KeyInQueryAccepted, target.Url.AbsolutePath,
                    $"without a key: {before.StatusCode}; with ?{name}=<bogus>: {r.StatusCode}{(rejectsKey ? " \"" + TextSafety.Truncate(TextSafety.StripControl(r.Text), 120) + "\"" : "")}",
                    rejectsKey && statusChanged ? Confidence.Firm : Confidence.Tentative);
                return;
            }
        }
    }

    private static Uri WithQuery(Uri uri, string name, string value)
    {
        var sep = string.IsNullOrEmpty(uri.Query) ? "?" : "&";
        return new Uri(uri.GetLeftPart(UriPartial.Path) + (uri.Query.Length > 0 ? uri.Query : "") + sep + Uri.EscapeDataString(name) + "=" + Uri.EscapeDataString(value));
    }

    private void CheckTransport(HttpProbeResult baseline)
    {
        if (_request.Url.Scheme != "http") return;
        if (baseline.StatusCode is >= 300 and < 400 && (baseline.Header("Location") ?? "").StartsWith("https://", StringComparison.OrdinalIgnoreCase)) return;
        var reasons = new List<string>();
        var challenge = _responses.Select(x => x.Response.Header("WWW-Authenticate")).FirstOrDefault(h => h is not null);
        if (challenge is not null) reasons.Add("WWW-Authenticate: " + TextSafety.Truncate(challenge, 80));
        var secured = _request.Operations.Where(o => !o.AllowsAnonymous).ToList();
        if (secured.Count > 0) reasons.Add($"the specification secures {secured.Count} operation(s) ({string.Join(", ", secured.SelectMany(o => o.Security).Distinct().Take(3))})");
        if (_request.AuthHeaders.Count > 0) reasons.Add("credentials were supplied for this http:// URL");
        if (reasons.Count > 0)
            Add(ApiRules.CredentialsOverHttp, _request.Url.AbsolutePath, $"served over plain HTTP ({baseline.StatusCode}, no redirect to HTTPS) while {string.Join("; ", reasons)}");
    }

    private void CheckResponses(HttpProbeResult? authenticatedBaseline)
    {
        var all = _responses.ToArray();
        var api = all.Where(x => x.Response.StatusCode is >= 200 and < 500 && x.Response.StatusCode != 404).ToList();
        if (api.Count > 0 && !all.Any(x => ResponseHeuristics.HasRateLimitHeaders(x.Response) || x.Response.StatusCode == 429))
            Add(ApiRules.NoRateLimitSignals, _request.Url.AbsolutePath, $"{all.Length} responses, none with RateLimit-*, X-RateLimit-* or Retry-After", Confidence.Tentative);

        foreach (var (r, authenticated) in all)
        {
            if (!ResponseHeuristics.IsSuccess(r) || r.Method is "OPTIONS" or "HEAD") continue;
            var where = r.RequestedUri.AbsolutePath;
            if (ResponseHeuristics.SequentialIds(r) is { } seq)
                Add(ApiRules.SequentialIds, where, $"GET {r.RequestedUri.PathAndQuery} lists consecutive ids ({seq})", Confidence.Tentative);
            var pii = ResponseHeuristics.PersonalDataKeys(r);
            if (pii.Count > 0 && ResponseHeuristics.IsCacheable(r, out var why))
                Add(ApiRules.CacheablePersonalData, where, $"fields {string.Join(", ", pii)} in a cacheable response ({why})");
            var tokens = ResponseHeuristics.TokenKeys(r);
            if ((authenticated || tokens.Count > 0) && !ResponseHeuristics.HasNoStore(r))
                Add(ApiRules.AuthenticatedNoStore, where,
                    (authenticated ? "response to an authenticated request" : $"response carries {string.Join(", ", tokens)}") +
                    $" without Cache-Control: no-store (Cache-Control: {TextSafety.Truncate(string.Join(",", r.HeaderValues("Cache-Control")), 80)})");
        }
    }

    // ---------------------------------------------------------------- active

    private sealed record InjectionPoint(string Description, Func<string, Uri> Build, string BenignValue);

    private List<InjectionPoint> InjectionPoints(List<(Uri Url, HttpProbeResult Response)> openReads)
    {
        var points = new List<InjectionPoint>();
        var urls = new List<Uri> { _request.Url };
        urls.AddRange(openReads.Select(o => o.Url));
        foreach (var u in urls.DistinctBy(u => u.AbsoluteUri))
        {
            var query = u.Query.TrimStart('?');
            if (query.Length == 0) continue;
            var pairs = query.Split('&', StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i < pairs.Length && points.Count < 6; i++)
            {
                var eq = pairs[i].IndexOf('=');
                var name = eq < 0 ? pairs[i] : pairs[i][..eq];
                var value = eq < 0 ? "" : Uri.UnescapeDataString(pairs[i][(eq + 1)..]);
                var index = i;
                var baseUri = u;
                points.Add(new InjectionPoint($"query parameter '{Uri.UnescapeDataString(name)}' of {u.AbsolutePath}", v =>
                {
                    var copy = (string[])pairs.Clone();
                    copy[index] = name + "=" + Uri.EscapeDataString(v);
                    return new Uri(baseUri.GetLeftPart(UriPartial.Path) + "?" + string.Join("&", copy));
                }, value));
            }
        }
        // Path parameters of operations that answered without credentials.
        foreach (var op in _request.Operations.Where(o => o.Method == "GET" && o.Path.Contains('{')))
        {
            if (points.Count >= 6) break;
            var filled = OperationUri(op.Path);
            if (!openReads.Any(o => o.Url.AbsoluteUri == filled.AbsoluteUri)) continue;
            var path = op.Path;
            points.Add(new InjectionPoint($"path parameter of {op.Method} {op.Path}", v => OperationUri(path, Uri.EscapeDataString(v)), "1"));
        }
        return points;
    }

    private async Task InjectAsync(List<(Uri Url, HttpProbeResult Response)> openReads)
    {
        var rng = Random.Shared;
        foreach (var point in InjectionPoints(openReads))
        {
            var benign = await SendAsync(point.Build(point.BenignValue)).ConfigureAwait(false);
            var baseText = benign?.Text ?? "";

            // SQL: quote characters; only errors absent from the benign answer count.
            foreach (var payload in new[] { point.BenignValue + "'", point.BenignValue + "\"", point.BenignValue + "')" })
            {
                var r = await SendAsync(point.Build(payload)).ConfigureAwait(false);
                if (r is null) continue;
                var found = ResponseSignatures.Match(ResponseSignatures.Sql, r.Text).Except(ResponseSignatures.Match(ResponseSignatures.Sql, baseText)).ToList();
                if (found.Count > 0)
                {
                    Add(ApiRules.SqlInjection, point.Description, $"value {Show(payload)} gave {r.StatusCode} with {string.Join(", ", found)}: {ResponseSignatures.Excerpt(ResponseSignatures.Sql, r.Text)}", Confidence.Firm, DetectionMethod.Active);
                    break;
                }
            }

            // NoSQL: operator objects where a scalar is expected.
            foreach (var payload in new[] { "{\"$gt\":\"\"}", "{\"$where\":\"1\"}", "[$ne]" })
            {
                var r = await SendAsync(point.Build(payload)).ConfigureAwait(false);
                if (r is null) continue;
                var found = ResponseSignatures.Match(ResponseSignatures.NoSql, r.Text).Except(ResponseSignatures.Match(ResponseSignatures.NoSql, baseText)).ToList();
                if (found.Count > 0)
                {
                    Add(ApiRules.NoSqlInjection, point.Description, $"value {Show(payload)} gave {r.StatusCode} with {string.Join(", ", found)}", Confidence.Firm, DetectionMethod.Active);
                    break;
                }
            }

            // Command: shell arithmetic; the sum appears only if a shell evaluated it.
            var a = rng.Next(100_000, 900_000); var b = rng.Next(100_000, 900_000);
            var sum = (a + b).ToString(System.Globalization.CultureInfo.InvariantCulture);
            foreach (var payload in new[] { $"$(expr {a} + {b})", $"`expr {a} + {b}`", $";expr {a} + {b};", $"|expr {a} + {b}" })
            {
                var r = await SendAsync(point.Build(point.BenignValue + payload)).ConfigureAwait(false);
                if (r is null || baseText.Contains(sum, StringComparison.Ordinal)) continue;
                if (r.Text.Contains(sum, StringComparison.Ordinal))
                {
                    Add(ApiRules.CommandInjection, point.Description, $"value {Show(point.BenignValue + payload)} came back evaluated as {sum}", Confidence.Confirmed, DetectionMethod.Active);
                    break;
                }
            }

            // Template: arithmetic in common template syntaxes; the product appears only if evaluated.
            var x = rng.Next(1000, 9999); var y = rng.Next(1000, 9999);
            var product = ((long)x * y).ToString(System.Globalization.CultureInfo.InvariantCulture);
            foreach (var payload in new[] { $"{{{{{x}*{y}}}}}", $"${{{x}*{y}}}", $"<%= {x}*{y} %>", $"#{{{x}*{y}}}" })
            {
                var r = await SendAsync(point.Build(payload)).ConfigureAwait(false);
                if (r is null || baseText.Contains(product, StringComparison.Ordinal)) continue;
                if (r.Text.Contains(product, StringComparison.Ordinal))
                {
                    Add(ApiRules.TemplateInjection, point.Description, $"value {Show(payload)} came back evaluated as {product}", Confidence.Confirmed, DetectionMethod.Active);
                    break;
                }
            }

            // Path traversal: a read of a well-known system file.
            foreach (var payload in new[] { "../../../../../../../../etc/passwd", "....//....//....//....//....//....//etc/passwd", "..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd", "..\\..\\..\\..\\..\\..\\windows\\win.ini" })
            {
                var r = await SendAsync(point.Build(payload)).ConfigureAwait(false);
                if (r is null) continue;
                var found = ResponseSignatures.Match(ResponseSignatures.SystemFiles, r.Text).Except(ResponseSignatures.Match(ResponseSignatures.SystemFiles, baseText)).ToList();
                if (found.Count > 0)
                {
                    Add(ApiRules.PathTraversal, point.Description, $"value {Show(payload)} returned {string.Join(", ", found)}", Confidence.Confirmed, DetectionMethod.Active);
                    break;
                }
            }

            // Reflection: an inert tag that must come back escaped in HTML.
            var marker = $"<atrx{_nonce}>";
            var reflected = await SendAsync(point.Build(marker)).ConfigureAwait(false);
            if (reflected is not null && (reflected.ContentType ?? "").Contains("html", StringComparison.OrdinalIgnoreCase) &&
                reflected.Text.Contains(marker, StringComparison.Ordinal))
                Add(ApiRules.ReflectedMarkup, point.Description, $"value {Show(marker)} reflected unescaped in a {reflected.ContentType} response", Confidence.Firm, DetectionMethod.Active);
        }
    }

    private static string Show(string payload) => "'" + TextSafety.Truncate(payload, 80) + "'";

    private async Task AdjacentReadsAsync(List<(Uri Url, HttpProbeResult Response)> openReads)
    {
        foreach (var (uri, first) in openReads.DistinctBy(o => o.Url.AbsoluteUri).Take(10))
        {
            if (!ResponseHeuristics.IsJson(first) || _publicByContract.Contains(uri.AbsoluteUri)) continue;
            var segments = uri.AbsolutePath.Split('/');
            var index = Array.FindLastIndex(segments, s => s.Length is > 0 and <= 12 && s.All(char.IsAsciiDigit));
            if (index < 0 || !long.TryParse(segments[index], out var id)) continue;
            foreach (var neighbour in new[] { id + 1, id - 1 })
            {
                if (neighbour < 0) continue;
                var copy = (string[])segments.Clone();
                copy[index] = neighbour.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var next = new Uri(uri.GetLeftPart(UriPartial.Authority) + string.Join('/', copy) + uri.Query);
                var r = await SendAsync(next).ConfigureAwait(false);
                if (!IsRealContent(r) || !ResponseHeuristics.IsJson(r!) || r!.Body.AsSpan().SequenceEqual(first.Body)) continue;
                Add(ApiRules.AdjacentObjectRead, uri.AbsolutePath,
                    $"GET {uri.AbsolutePath} and GET {next.AbsolutePath} both answered {r.StatusCode} with different objects, without credentials",
                    Confidence.Firm, DetectionMethod.Active);
                break;
            }
        }
    }

    private async Task BurstAsync()
    {
        var count = Math.Max(1, _request.BurstSize);
        var statuses = new ConcurrentBag<int>();
        var signalled = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(_ct);
        var next = -1;
        async Task Worker()
        {
            while (!stop.IsCancellationRequested)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= count) return;
                HttpProbeResult r;
                try
                {
                    // The cache-buster keeps caches and CDNs from answering in the origin's place.
                    r = await _net.Http.SendAsync(new HttpProbeRequest { Uri = WithQuery(_request.Url, "_atr", $"{_nonce}{i}"), MaxBodyBytes = 64 * 1024 }, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested && !_ct.IsCancellationRequested) { return; }
                catch (TargetException) { continue; }
                statuses.Add(r.StatusCode);
                if (ResponseHeuristics.HasRateLimitHeaders(r)) Interlocked.Increment(ref signalled);
                if (r.StatusCode == 429) stop.Cancel();
            }
        }
        await Task.WhenAll(Enumerable.Range(0, Math.Min(5, count)).Select(_ => Worker())).ConfigureAwait(false);
        _ct.ThrowIfCancellationRequested();
        if (!statuses.Contains(429) && signalled == 0 && statuses.Count > 0)
        {
            var summary = string.Join(", ", statuses.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Count()}x {g.Key}"));
            Add(ApiRules.NoRateLimitUnderBurst, _request.Url.AbsolutePath, $"{statuses.Count} requests in a burst: {summary}; no 429, no rate-limit header", Confidence.Firm, DetectionMethod.Active);
        }
    }
}
