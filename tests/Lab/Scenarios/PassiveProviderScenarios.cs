using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using ApiThreat.Lab.Dns;
using Microsoft.AspNetCore.Http;

namespace ApiThreat.Lab.Scenarios;

/// <summary>
/// Loopback stand-ins of the twelve passive providers of Find-Subdomain, each answering its API's documented path
/// with its documented response shape (recorded from the providers' API references): paging (cursors, tokens, page
/// numbers, resume keys), the key where the provider takes it, a provider-shaped 401 that echoes the key it was sent
/// (as careless APIs do), 429 with Retry-After, and garbage. What they answer depends on the domain asked:
/// <list type="bullet">
/// <item><see cref="Domain"/>: shared, &lt;p&gt;-1 and &lt;p&gt;-2 (resolve; -2 on a second page where the API pages),
/// dead-&lt;p&gt; (does not resolve) and outside.example.net (not under the domain).</item>
/// <item><see cref="Throttled"/>: every other request is a 429 with Retry-After: 1; the retry gets t-&lt;p&gt;.</item>
/// <item><see cref="Garbage"/>: an HTML page with status 200.</item>
/// <item><see cref="Patient"/>: 429 with Retry-After: 3600 (longer than anyone waits).</item>
/// </list>
/// A key is good when it starts with <see cref="GoodKeyPrefix"/>; any other key gets the provider's 401 echoing it.
/// </summary>
[ScenarioSet]
public static class PassiveProviderScenarios
{
    public const string Domain = "passive.apithreat.test";
    public const string Throttled = "throttled." + Domain;
    public const string Garbage = "garbage." + Domain;
    public const string Patient = "patient." + Domain;
    public const string GoodKeyPrefix = "lab-good-";

    /// <summary>Provider name, short label, API root path, key use, and how it answers one page.</summary>
    private sealed record Stub(string Provider, string Label, string Root, string Key, Func<HttpContext, string, string[], Task> Answer,
        Func<HttpRequest, string?> KeyOf, Func<HttpRequest, string?> DomainOf, Func<HttpContext, string, Task> Unauthorized);

    private static readonly ConcurrentDictionary<string, int> s_requests = new();

    public static IEnumerable<LabScenario> Scenarios(LabContext lab)
    {
        foreach (var stub in Stubs())
            yield return new LabScenario
            {
                Name = "passive-" + stub.Label,
                Area = "Passive",
                Description = $"A {stub.Provider} API stand-in at {stub.Root} (key {stub.Key}).",
                Handler = ctx => Serve(ctx, stub),
                Expect = new()
                {
                    ["Provider"] = new[] { stub.Provider },
                    ["Root"] = new[] { stub.Root },
                    ["Key"] = new[] { stub.Key },
                    ["Found"] = new[] { $"shared.{Domain}", $"{stub.Label}-1.{Domain}", $"{stub.Label}-2.{Domain}" },
                    ["Throttled"] = new[] { $"t-{stub.Label}.{Throttled}" },
                },
            };
    }

    /// <summary>The zone the stubs' names live in: what they report resolves, except dead-* (and outside.example.net is elsewhere).</summary>
    [ZoneSet]
    public static class PassiveZones
    {
        public static IEnumerable<LabZone> Zones(LabContext lab)
        {
            var zone = new LabZone(Domain)
                .Add(LabRecord.Ns(Domain, "ns1." + Domain))
                .Add(LabRecord.A("ns1." + Domain, "127.0.0.1"))
                .Add(LabRecord.A(Domain, "127.0.0.1"))
                .Add(LabRecord.A($"shared.{Domain}", "127.0.0.1"));
            foreach (var d in new[] { Throttled, Garbage, Patient }) zone.Add(LabRecord.A(d, "127.0.0.1"));
            foreach (var s in Stubs())
            {
                zone.Add(LabRecord.A($"{s.Label}-1.{Domain}", "127.0.0.1"));
                zone.Add(LabRecord.A($"{s.Label}-2.{Domain}", "127.0.0.1"));
                zone.Add(LabRecord.A($"t-{s.Label}.{Throttled}", "127.0.0.1"));
            }
            yield return zone;
        }
    }

    private static async Task Serve(HttpContext ctx, Stub stub)
    {
        if (!ctx.Request.Path.StartsWithSegments(stub.Root.TrimEnd('/')))
        {
            ctx.Response.StatusCode = 404;
            await Json(ctx, new { error = "not found" });
            return;
        }
        var key = stub.KeyOf(ctx.Request);
        if ((stub.Key == "required" && string.IsNullOrEmpty(key)) || (!string.IsNullOrEmpty(key) && !key.StartsWith(GoodKeyPrefix, StringComparison.Ordinal)))
        {
            ctx.Response.StatusCode = 401;
            await stub.Unauthorized(ctx, key ?? "");
            return;
        }
        var domain = (stub.DomainOf(ctx.Request) ?? "").Trim().TrimStart('%', '*', '.').ToLowerInvariant();
        if (domain == Garbage)
        {
            ctx.Response.ContentType = "text/html";
            await ctx.Response.WriteAsync("<html><head><title>502 Bad Gateway</title></head><body><h1>Service Temporarily Unavailable</h1></body></html>");
            return;
        }
        if (domain == Patient || (domain == Throttled && s_requests.AddOrUpdate(stub.Provider, 1, (_, n) => n + 1) % 2 == 1))
        {
            ctx.Response.StatusCode = 429;
            ctx.Response.Headers["Retry-After"] = domain == Patient ? "3600" : "1";
            await Json(ctx, new { error = new { code = "QuotaExceededError", message = "Too many requests" } });
            return;
        }
        var names = domain == Domain
            ? new[] { $"shared.{Domain}", $"{stub.Label}-1.{Domain}", $"{stub.Label}-2.{Domain}", $"dead-{stub.Label}.{Domain}", "outside.example.net" }
            : domain == Throttled ? new[] { $"t-{stub.Label}.{Throttled}" } : Array.Empty<string>();
        await stub.Answer(ctx, domain, names);
    }

    private static Task Json(HttpContext ctx, object body)
    {
        ctx.Response.ContentType = "application/json";
        return ctx.Response.WriteAsync(JsonSerializer.Serialize(body));
    }

    private static string Label(string name, string domain) => name.EndsWith("." + domain, StringComparison.Ordinal) ? name[..^(domain.Length + 1)] : name;

    private static string? Query(HttpRequest r, string name) => r.Query.TryGetValue(name, out var v) ? v.ToString() : null;
    private static string? Header(HttpRequest r, string name) => r.Headers.TryGetValue(name, out var v) ? v.ToString() : null;
    private static string? Bearer(HttpRequest r) => Header(r, "Authorization") is { } a && a.StartsWith("Bearer ", StringComparison.Ordinal) ? a[7..] : null;
    /// <summary>The path segment after <paramref name="marker"/> (…/domains/&lt;domain&gt;/…).</summary>
    private static string? Segment(HttpRequest r, string marker)
    {
        var parts = (r.Path.Value ?? "").Split('/');
        var i = Array.IndexOf(parts, marker);
        return i >= 0 && i + 1 < parts.Length ? Uri.UnescapeDataString(parts[i + 1]) : null;
    }

    // The first two names on page one, the rest on page two (for APIs that page).
    private static string[] Page(string[] names, int page) => page <= 1 ? names.Take(2).ToArray() : names.Skip(2).ToArray();

    private static Task Echo401(HttpContext ctx, object body) => Json(ctx, body);

    private static IEnumerable<Stub> Stubs()
    {
        yield return new("CertificateTransparency", "crtsh", "/", "none",
            (ctx, d, names) => Json(ctx, names.Select((n, i) => new
            {
                issuer_ca_id = 183267, issuer_name = "C=US, O=Let's Encrypt, CN=R3", common_name = n, name_value = n, id = 9100000000L + i,
                entry_timestamp = "2026-03-01T10:00:00.123", not_before = "2026-03-01T09:00:00", not_after = "2026-05-30T09:00:00", serial_number = $"04a1{i:x4}",
            })),
            _ => null, r => Query(r, "q"), (ctx, k) => Json(ctx, new { error = "forbidden " + k }));
        yield return new("CertSpotter", "certspotter", "/v1/", "optional",
            (ctx, d, names) =>
            {
                var after = Query(ctx.Request, "after");
                var page = after is null ? 1 : after == "1001" ? 2 : 3;
                var items = page > 2 ? Array.Empty<string>() : d == Domain ? Page(names, page) : page == 1 ? names : Array.Empty<string>();
                return Json(ctx, items.Length == 0 ? Array.Empty<object>() : new object[]
                {
                    new { id = (1000 + page).ToString(), tbs_sha256 = new string('a', 64), cert_sha256 = new string('b', 64), dns_names = items,
                        pubkey_sha256 = new string('c', 64), not_before = "2026-03-01T09:00:00Z", not_after = "2026-05-30T09:00:00Z", revoked = false },
                });
            },
            Bearer, r => Query(r, "domain"), (ctx, k) => Json(ctx, new { code = "unauthorized", message = $"The API key '{k}' is not valid" }));
        yield return new("VirusTotal", "virustotal", "/api/v3/", "required",
            (ctx, d, names) =>
            {
                var cursor = Query(ctx.Request, "cursor");
                var page = cursor is null ? 1 : 2;
                var items = d == Domain ? Page(names, page) : names;
                var next = page == 1 && d == Domain ? "eyJsaW1pdCI6IDQwLCAib2Zmc2V0IjogMn0=" : null;
                return Json(ctx, new
                {
                    data = items.Select(n => new { attributes = new { last_dns_records_date = 1767225600, tld = "test" }, type = "domain", id = n, links = new { self = $"https://www.virustotal.com/api/v3/domains/{n}" } }),
                    meta = next is null ? (object)new { count = names.Length } : new { count = names.Length, cursor = next },
                    links = new { self = ctx.Request.Path.Value, next = next is null ? null : $"{ctx.Request.Path}?cursor={next}&limit=40" },
                });
            },
            r => Header(r, "x-apikey"), r => Segment(r, "domains"),
            (ctx, k) => Json(ctx, new { error = new { code = "WrongCredentialsError", message = $"Wrong API key {k}" } }));
        yield return new("SecurityTrails", "securitytrails", "/v1/", "required",
            (ctx, d, names) => Json(ctx, new
            {
                endpoint = $"/v1/domain/{d}/subdomains", meta = new { limit_reached = false }, subdomain_count = names.Length,
                subdomains = names.Where(n => n.EndsWith("." + d, StringComparison.Ordinal)).Select(n => Label(n, d)),
            }),
            r => Header(r, "APIKEY"), r => Segment(r, "domain"), (ctx, k) => Json(ctx, new { message = $"Invalid authentication credentials: {k}" }));
        yield return new("Shodan", "shodan", "/", "required",
            (ctx, d, names) =>
            {
                var page = int.TryParse(Query(ctx.Request, "page"), out var p) ? p : 1;
                var items = (d == Domain ? Page(names, page) : names).Where(n => n.EndsWith("." + d, StringComparison.Ordinal)).Select(n => Label(n, d)).ToArray();
                return Json(ctx, new
                {
                    domain = d, tags = new[] { "ipv6" },
                    data = items.Select(l => new { subdomain = l, type = "A", value = "127.0.0.1", last_seen = "2026-03-01T10:00:00.000000" }),
                    subdomains = items, more = d == Domain && page == 1,
                });
            },
            r => Query(r, "key"), r => Segment(r, "domain"), (ctx, k) => Json(ctx, new { error = $"Invalid API key: {k}" }));
        yield return new("Censys", "censys", "/v3/", "required",
            async (ctx, d, names) =>
            {
                using var body = await JsonDocument.ParseAsync(ctx.Request.Body);
                var token = body.RootElement.TryGetProperty("page_token", out var t) ? t.GetString() : null;
                var page = token == "cGFnZTI" ? 2 : 1;
                var items = d == Domain ? Page(names, page) : names;
                await Json(ctx, new
                {
                    result = new
                    {
                        hits = items.Select(n => new { certificate_v1 = new { resource = new { fingerprint_sha256 = new string('d', 64), names = new[] { n } } } }),
                        total_hits = names.Length,
                        next_page_token = page == 1 && d == Domain ? "cGFnZTI" : "",
                    },
                });
            },
            Bearer, r => null, (ctx, k) => Json(ctx, new { error = new { code = 401, message = $"unauthorized token {k}", status = "Unauthorized" } }))
        { DomainOf = DomainFromCensysQuery };
        yield return new("AlienVault", "otx", "/api/v1/", "optional",
            (ctx, d, names) => Json(ctx, new
            {
                passive_dns = names.Select(n => new
                {
                    address = "127.0.0.1", first = "2026-01-01T00:00:00", last = "2026-03-01T00:00:00", hostname = n, record_type = "A",
                    indicator_link = $"/indicator/hostname/{n}", flag_url = "assets/images/flags/us.png", flag_title = "United States", asset_type = "hostname", asn = (string?)null,
                }),
                count = names.Length,
            }),
            r => Header(r, "X-OTX-API-KEY"), r => Segment(r, "domain"), (ctx, k) => Json(ctx, new { detail = $"Authentication failed for {k}" }));
        yield return new("HackerTarget", "hackertarget", "/", "optional",
            (ctx, d, names) =>
            {
                ctx.Response.ContentType = "text/plain";
                return ctx.Response.WriteAsync(names.Length == 0 ? "No records found for " + d : string.Join("\n", names.Select(n => $"{n},127.0.0.1")));
            },
            r => Query(r, "apikey"), r => Query(r, "q"),
            (ctx, k) => { ctx.Response.StatusCode = 200; ctx.Response.ContentType = "text/plain"; return ctx.Response.WriteAsync($"error invalid api key {k}"); });
        yield return new("UrlScan", "urlscan", "/api/v1/", "optional",
            (ctx, d, names) =>
            {
                var page = Query(ctx.Request, "search_after") == "1767225600000,9f1c2b7e-0000-4000-8000-000000000001" ? 2 : 1;
                var items = d == Domain ? Page(names, page) : names;
                return Json(ctx, new
                {
                    results = items.Select((n, i) => new
                    {
                        task = new { visibility = "public", method = "api", domain = n, time = "2026-03-01T10:00:00.000Z", uuid = $"9f1c2b7e-0000-4000-8000-00000000000{i + 1}", url = $"https://{n}/" },
                        page = new { country = "US", ip = "127.0.0.1", domain = n, url = $"https://{n}/login", status = "200" },
                        _id = $"9f1c2b7e-0000-4000-8000-00000000000{i + 1}",
                        sort = new object[] { 1767225600000L, $"9f1c2b7e-0000-4000-8000-00000000000{i}" },
                    }),
                    total = names.Length, took = 12, has_more = page == 1 && d == Domain,
                });
            },
            r => Header(r, "API-Key"), r => Query(r, "q")?.Replace("domain:", ""), (ctx, k) => Json(ctx, new { message = $"Invalid API key {k}", status = 401 }));
        yield return new("WaybackMachine", "wayback", "/cdx/search/", "none",
            (ctx, d, names) =>
            {
                var page = Query(ctx.Request, "resumeKey") == "dGVzdCUyQ3dheWJhY2s" ? 2 : 1;
                var items = d == Domain ? Page(names, page) : names;
                var rows = new List<string[]> { new[] { "original" } };
                rows.AddRange(items.Select((n, i) => new[] { i % 2 == 0 ? $"http://{n}:80/index.html?x=1" : $"https://{n}/robots.txt" }));
                if (page == 1 && d == Domain) { rows.Add(Array.Empty<string>()); rows.Add(new[] { "dGVzdCUyQ3dheWJhY2s" }); }
                return Json(ctx, rows);
            },
            _ => null, r => Query(r, "url"), (ctx, k) => Json(ctx, new { error = "forbidden " + k }));
        yield return new("Chaos", "chaos", "/", "required",
            (ctx, d, names) => Json(ctx, new { domain = d, subdomains = names.Where(n => n.EndsWith("." + d, StringComparison.Ordinal)).Select(n => Label(n, d)), count = names.Length }),
            r => Header(r, "Authorization"), r => Segment(r, "dns"), (ctx, k) => Json(ctx, new { error = $"invalid api key {k}" }));
        yield return new("BinaryEdge", "binaryedge", "/v2/", "required",
            (ctx, d, names) =>
            {
                var page = int.TryParse(Query(ctx.Request, "page"), out var p) ? p : 1;
                var items = d == Domain ? Page(names, page) : names;
                return Json(ctx, new { query = d, page, pagesize = d == Domain ? 2 : 100, total = names.Length, events = items });
            },
            r => Header(r, "X-Key"), r => Segment(r, "subdomain"), (ctx, k) => Json(ctx, new { status = 401, title = "Unauthorized", message = $"Invalid key {k}" }));
    }

    // Censys takes the domain in the JSON body's query ("cert.names: <domain>"); the body is read once, so peek at it.
    private static string? DomainFromCensysQuery(HttpRequest r)
    {
        r.EnableBuffering();
        using var reader = new StreamReader(r.Body, Encoding.UTF8, leaveOpen: true);
        var text = reader.ReadToEndAsync().GetAwaiter().GetResult();
        r.Body.Position = 0;
        try
        {
            using var doc = JsonDocument.Parse(text);
            var q = doc.RootElement.GetProperty("query").GetString() ?? "";
            return q.Replace("cert.names:", "").Trim();
        }
        catch (JsonException) { return null; }
    }
}
