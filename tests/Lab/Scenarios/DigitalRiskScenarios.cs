using System.Globalization;
using System.Text;
using ApiThreat.Lab.Dns;
using Microsoft.AspNetCore.Http;

namespace ApiThreat.Lab.Scenarios;

/// <summary>
/// Ground truth for Find-LookalikeDomain and Find-ExposedBucket. The organisation is acmebank.example; the Lab serves
/// the whole "example" TLD (unregistered lookalikes get NXDOMAIN, as from a real registry) with planted lookalikes: one
/// with MX (ATR-DRP-001), one serving a clone of the bank's page (ATR-DRP-002), an IDN homoglyph registered days ago
/// per the RDAP stub (ATR-DRP-003), the bank's own defensive registration (MX at home: nothing), one whose zone only
/// answers SERVFAIL, and a "wild" TLD whose wildcard answers every name. Names under .test that no Lab zone serves get
/// REFUSED. The RDAP stub answers RFC 9083 domain objects; the storage stubs answer the providers' documented XML
/// shapes (S3/GCS ListBucketResult and Error, Azure EnumerationResults and Error) for public, private, listable and
/// writable buckets.
/// </summary>
[ScenarioSet]
[ZoneSet]
public static class DigitalRiskScenarios
{
    public const string Tld = "example";
    public const string WildTld = "wild";
    public const string Original = "acmebank.example";
    public const string WithMx = "acmebnak.example";          // transposition
    public const string Clone = "acmebamk.example";           // replacement n -> m
    public const string Defensive = "acnebank.example";       // replacement m -> n, MX at the bank
    public const string ServFail = "acmebanks.example";       // addition: its zone answers SERVFAIL
    public const string Homoglyph = "acmebạnk.example";       // homoglyph a -> ạ
    public static readonly string HomoglyphAscii = new IdnMapping().GetAscii(Homoglyph);
    public const string RdapHost = "rdap-drp";
    public const string S3Host = "s3-drp";
    public const string GcsHost = "gcs-drp";
    public const string AzureSuffix = "blob-drp";

    private static readonly DateTimeOffset s_started = DateTimeOffset.UtcNow;

    public static IEnumerable<LabZone> Zones(LabContext lab)
    {
        var tld = new LabZone(Tld)
            .Add(LabRecord.Ns(Tld, "ns1." + Tld))
            .Add(LabRecord.A("ns1." + Tld, "127.0.0.1"));
        yield return tld;
        yield return new LabZone(ServFail) { ForcedRcode = 2 };
        yield return new LabZone(WildTld)
            .Add(LabRecord.Ns(WildTld, "ns1." + WildTld))
            .Add(LabRecord.A("*." + WildTld, "127.0.0.9"));
    }

    public static IEnumerable<LabScenario> Scenarios(LabContext lab)
    {
        yield return new LabScenario
        {
            Name = "drp-original", Area = "DigitalRisk", Host = Original,
            Description = "The organisation's own site (a bank's sign-in page) and mail.",
            Records = new[] { LabRecord.A(Original, "127.0.0.1"), LabRecord.Mx(Original, 10, "mail." + Original), LabRecord.A("mail." + Original, "127.0.0.1") },
            Handler = ctx => Html(ctx, BankPage(Original)),
        };
        yield return new LabScenario
        {
            Name = "drp-mx", Area = "DigitalRisk", Host = WithMx,
            Description = "Transposition lookalike with mail exchangers of its own and a parked page: receives the bank's mistyped mail.",
            Records = new[] { LabRecord.A(WithMx, "127.0.0.1"), LabRecord.Mx(WithMx, 10, "mx." + WithMx), LabRecord.A("mx." + WithMx, "127.0.0.1") },
            Handler = ctx => Html(ctx, "<!doctype html><html><head><title>acmebnak.example is for sale</title></head><body><h1>This domain may be for sale</h1>"
                + "<p>Buy this domain today. Related searches: loans, credit cards, savings.</p></body></html>"),
            ExpectedFindings = new[] { "ATR-DRP-001" },
        };
        yield return new LabScenario
        {
            Name = "drp-clone", Area = "DigitalRisk", Host = Clone,
            Description = "Replacement lookalike serving a copy of the bank's sign-in page (its own domain, another nonce and date).",
            Handler = ctx => Html(ctx, BankPage(Clone)),
            ExpectedFindings = new[] { "ATR-DRP-002" },
        };
        yield return new LabScenario
        {
            Name = "drp-homoglyph", Area = "DigitalRisk", Host = HomoglyphAscii,
            Description = "IDN homoglyph (a with dot below) registered three days ago per RDAP; serves an unrelated page.",
            Handler = ctx => Html(ctx, "<!doctype html><html><body><p>Coming soon.</p></body></html>"),
            ExpectedFindings = new[] { "ATR-DRP-003" },
        };
        yield return new LabScenario
        {
            Name = "drp-defensive", Area = "DigitalRisk", Host = Defensive,
            Description = "The bank's own defensive registration: MX at the bank's mail server, redirects to the bank. Nothing to report.",
            Records = new[] { LabRecord.A(Defensive, "127.0.0.1"), LabRecord.Mx(Defensive, 10, "mail." + Original) },
            Handler = ctx => { ctx.Response.StatusCode = 301; ctx.Response.Headers.Location = $"{ctx.Request.Scheme}://{Original}:{ctx.Request.Host.Port}/"; return Task.CompletedTask; },
        };
        yield return new LabScenario
        {
            Name = RdapHost, Area = "DigitalRisk",
            Description = "An RDAP server (RFC 9083 domain objects) for the example TLD.",
            Handler = Rdap,
        };
        yield return new LabScenario { Name = S3Host, Area = "DigitalRisk", Description = "An S3-compatible service, path style.", Handler = ctx => Storage(ctx, azure: false) };
        yield return new LabScenario { Name = GcsHost, Area = "DigitalRisk", Description = "Google Cloud Storage's XML API, path style.", Handler = ctx => Storage(ctx, azure: false, gcs: true) };
        yield return new LabScenario
        {
            Name = "drp-azure-account", Area = "DigitalRisk", Host = $"acmebank.{AzureSuffix}.{lab.Zone}",
            Description = "The Azure storage account 'acmebank' (virtual-host style); other accounts do not resolve.",
            Handler = ctx => Storage(ctx, azure: true),
        };
    }

    /// <summary>Registration dates the RDAP stub gives; other names are unknown to it (404).</summary>
    public static IReadOnlyDictionary<string, DateTimeOffset> Registrations => new Dictionary<string, DateTimeOffset>(StringComparer.OrdinalIgnoreCase)
    {
        [Original] = new(2004, 5, 1, 0, 0, 0, TimeSpan.Zero),
        [WithMx] = new(2019, 3, 1, 0, 0, 0, TimeSpan.Zero),
        [Clone] = new(2020, 6, 15, 0, 0, 0, TimeSpan.Zero),
        [Defensive] = new(2012, 1, 10, 0, 0, 0, TimeSpan.Zero),
        [HomoglyphAscii] = s_started.AddDays(-3),
    };

    private static string BankPage(string host)
    {
        var sb = new StringBuilder();
        sb.Append($"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Acme Bank - Sign in</title>");
        sb.Append($"<link rel=\"stylesheet\" href=\"https://{host}/static/site.css?v={Environment.TickCount64 % 1000}\">");
        sb.Append($"<meta name=\"csrf-token\" content=\"{Guid.NewGuid():N}\"></head><body><header><a href=\"https://{host}/\"><img src=\"/static/logo.svg\" alt=\"Acme Bank\"></a>");
        sb.Append("<nav><a href=\"/personal\">Personal</a> <a href=\"/business\">Business</a> <a href=\"/help\">Help and support</a></nav></header>");
        sb.Append("<main><h1>Sign in to online banking</h1><form method=\"post\" action=\"/login\"><label for=\"user\">Customer number</label>");
        sb.Append("<input id=\"user\" name=\"user\" autocomplete=\"username\"><label for=\"pass\">Passcode</label><input id=\"pass\" name=\"pass\" type=\"password\">");
        sb.Append("<button type=\"submit\">Continue</button></form><p>Never share your passcode. Acme Bank will never ask for it by email or phone.</p>");
        sb.Append("<section><h2>Security centre</h2><p>Learn how to spot fraud, protect your accounts and report a suspicious message to our team.</p></section></main>");
        sb.Append($"<footer><p>Acme Bank plc. Registered office 1 Example Street. Copyright {DateTime.UtcNow:yyyy}. Rendered {DateTime.UtcNow:O}.</p></footer></body></html>");
        return sb.ToString();
    }

    private static async Task Html(HttpContext ctx, string html)
    {
        ctx.Response.ContentType = "text/html; charset=utf-8";
        await ctx.Response.WriteAsync(html);
    }

    private static async Task Rdap(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "";
        const string prefix = "/domain/";
        var name = path.StartsWith(prefix, StringComparison.Ordinal) ? Uri.UnescapeDataString(path[prefix.Length..]).ToLowerInvariant() : "";
        ctx.Response.ContentType = "application/rdap+json";
        if (!Registrations.TryGetValue(name, out var registered))
        {
            ctx.Response.StatusCode = 404;
            await ctx.Response.WriteAsync("{\"errorCode\":404,\"title\":\"Not Found\",\"description\":[\"The domain was not found.\"]}");
            return;
        }
        static string D(DateTimeOffset d) => d.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        await ctx.Response.WriteAsync("{\"rdapConformance\":[\"rdap_level_0\"],\"objectClassName\":\"domain\",\"ldhName\":\"" + name + "\"," +
            "\"events\":[{\"eventAction\":\"registration\",\"eventDate\":\"" + D(registered) + "\"},{\"eventAction\":\"expiration\",\"eventDate\":\"" + D(registered.AddYears(30)) + "\"}," +
            "{\"eventAction\":\"last update of RDAP database\",\"eventDate\":\"" + D(DateTimeOffset.UtcNow) + "\"}]," +
            "\"entities\":[{\"objectClassName\":\"entity\",\"handle\":\"9999\",\"roles\":[\"registrar\"],\"vcardArray\":[\"vcard\",[[\"version\",{},\"text\",\"4.0\"],[\"fn\",{},\"text\",\"Lab Registrar Inc.\"]]]}]}");
    }

    /// <summary>Planted buckets: name -> (exists, listable, objects readable, writable, redirect).</summary>
    public static readonly IReadOnlyDictionary<string, (bool List, bool Read, bool Write, bool Redirect)> Buckets =
        new Dictionary<string, (bool, bool, bool, bool)>(StringComparer.Ordinal)
        {
            ["acmebank-backup"] = (true, true, false, false),  // listable and readable: ATR-DRP-004, ATR-DRP-005
            ["acmebank-logs"] = (false, false, false, false),   // private: AccessDenied
            ["acmebank-uploads"] = (true, false, true, false),  // listable, objects private, anyone may write: 004 (+006 with -Active)
            ["acmebank-dev"] = (false, false, false, true),     // another region: PermanentRedirect
            ["public"] = (true, true, false, false),            // Azure container acmebank/public
            ["backup"] = (false, false, false, false),          // Azure container acmebank/backup, private
        };

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> s_written = new();

    private static async Task Storage(HttpContext ctx, bool azure, bool gcs = false)
    {
        var segments = (ctx.Request.Path.Value ?? "/").Trim('/').Split('/', 2);
        var bucket = segments[0];
        var key = segments.Length > 1 ? Uri.UnescapeDataString(segments[1]) : "";
        ctx.Response.ContentType = "application/xml";
        if (!Buckets.TryGetValue(bucket, out var b) || (azure != bucket is "public" or "backup"))
        {
            ctx.Response.StatusCode = 404;
            await ctx.Response.WriteAsync(azure
                ? "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>ContainerNotFound</Code><Message>The specified container does not exist.</Message></Error>"
                : $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message><BucketName>{bucket}</BucketName></Error>");
            return;
        }
        if (b.Redirect)
        {
            ctx.Response.StatusCode = 301;
            await ctx.Response.WriteAsync($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>PermanentRedirect</Code><Message>The bucket you are attempting to access must be addressed using the specified endpoint.</Message><Endpoint>{bucket}.s3.eu-west-3.amazonaws.com</Endpoint><Bucket>{bucket}</Bucket></Error>");
            return;
        }
        var method = ctx.Request.Method;
        if (key.Length == 0 && method == "GET")
        {
            if (!b.List) { await Denied(ctx, azure); return; }
            if (azure)
                await ctx.Response.WriteAsync($"<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults ServiceEndpoint=\"https://acmebank.blob.core.windows.net/\" ContainerName=\"{bucket}\"><MaxResults>10</MaxResults><Blobs><Blob><Name>statements/2026-01.pdf</Name><Properties><Content-Length>1024</Content-Length></Properties></Blob></Blobs><NextMarker /></EnumerationResults>");
            else
                await ctx.Response.WriteAsync("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">" +
                    $"<Name>{bucket}</Name><Prefix></Prefix><Marker></Marker><MaxKeys>10</MaxKeys><IsTruncated>false</IsTruncated>" +
                    "<Contents><Key>db/customers-2026-01-01.sql.gz</Key><LastModified>2026-01-01T02:00:00.000Z</LastModified><Size>1048576</Size><StorageClass>STANDARD</StorageClass></Contents>" +
                    "<Contents><Key>exports/users.csv</Key><LastModified>2026-01-02T02:00:00.000Z</LastModified><Size>2048</Size><StorageClass>STANDARD</StorageClass></Contents>" +
                    "</ListBucketResult>");
            return;
        }
        if (method is "GET" or "HEAD")
        {
            if (!b.Read) { await Denied(ctx, azure); return; }
            ctx.Response.ContentType = "application/octet-stream";
            ctx.Response.StatusCode = ctx.Request.Headers.Range.Count > 0 ? 206 : 200;
            await ctx.Response.WriteAsync("x");
            return;
        }
        if (method == "PUT" && b.Write) { s_written[$"{bucket}/{key}"] = 0; ctx.Response.StatusCode = 200; return; }
        if (method == "DELETE" && b.Write) { s_written.TryRemove($"{bucket}/{key}", out _); ctx.Response.StatusCode = 204; return; }
        await Denied(ctx, azure);
    }

    /// <summary>Objects the write probe left behind (should be none: it deletes what it wrote).</summary>
    public static int LeftoverObjects => s_written.Count;

    private static async Task Denied(HttpContext ctx, bool azure)
    {
        ctx.Response.StatusCode = azure ? 404 : 403;
        await ctx.Response.WriteAsync(azure
            ? "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>ResourceNotFound</Code><Message>The specified resource does not exist.</Message></Error>"
            : "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>LAB0000000000001</RequestId></Error>");
    }
}
