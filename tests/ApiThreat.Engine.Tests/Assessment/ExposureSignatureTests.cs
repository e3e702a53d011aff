using System.Text;
using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Tests.Assessment;

/// <summary>The exposure signatures against what real frameworks and servers print (excerpts of their own templates), and the look-alikes that must not match.</summary>
public sealed class ExposureSignatureTests
{
    private static HttpProbeResult Response(string body, string? contentType = "text/html; charset=utf-8", int status = 200, string path = "/",
        params (string Name, string Value)[] headers)
    {
        var all = headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)).ToList();
        if (contentType is not null) all.Add(new("Content-Type", contentType));
        var uri = new Uri("http://site.test" + path);
        return new HttpProbeResult { RequestedUri = uri, FinalUri = uri, StatusCode = status, Headers = all, Body = Encoding.UTF8.GetBytes(body) };
    }

    [Theory]
    [InlineData("<p>You’re seeing this error because you have <code>DEBUG = True</code> in your Django settings file.", "Django debug page (DEBUG = True)")]
    [InlineData("<p>You're seeing this error because you have <code>DEBUG = True</code> in", "Django debug page (DEBUG = True)")]
    [InlineData("<title>ValueError: invalid literal // Werkzeug Debugger</title>", "Werkzeug debugger")]
    [InlineData("<title>Whoops! There was an error.</title>", "Whoops error page")]
    [InlineData("<title>Action Controller: Exception caught</title>", "Rails debug page")]
    // Rails 6.1 in an API-only app (config.api_only), as DebugExceptions answers curl: JSON with the exception and its traces.
    [InlineData("{\"status\":404,\"error\":\"Not Found\",\"exception\":\"#\\u003cActionController::RoutingError: No route matches [GET] \\\"/nowhere\\\"\\u003e\",\"traces\":{\"Application Trace\":[],\"Framework Trace\":[{\"exception_object_id\":5780,\"id\":0,\"trace\":\"actionpack (6.1.7.10) lib/action_dispatch/middleware/debug_exceptions.rb:33:in `call'\"}]}}", "Rails debug page")]
    [InlineData("<h1>Server Error in '/' Application.</h1><b> Exception Details: </b>System.NullReferenceException", "ASP.NET yellow screen of death")]
    [InlineData("<pre>Error: report backend unavailable<br> &nbsp; &nbsp;at /srv/app.js:16:46<br> &nbsp; &nbsp;at Layer.handle</pre>", "Express development stack trace")]
    [InlineData("<pre>SyntaxError: Unexpected end of JSON input<br> &nbsp; &nbsp;at JSON.parse (&lt;anonymous&gt;)</pre>", "Express development stack trace")]
    [InlineData("<br />\n<b>Warning</b>:  Undefined variable $name in <b>/var/www/html/index.php</b> on line <b>4</b><br />", "PHP error message (display_errors)")]
    [InlineData("<h1>Whitelabel Error Page</h1><div>java.lang.IllegalStateException: boom</div>", "Spring Whitelabel error page with a stack trace")]
    [InlineData("<p id=\"explanation\">You're seeing this error because you have\nenabled the <code>show_exceptions</code> setting.</p>", "Sinatra development error page")]
    [InlineData("<h2>Sinatra doesn’t know this ditty.</h2>", "Sinatra development not-found page")]
    // Mojolicious 9 without MOJO_MODE (development): mojo/debug.html.ep for its not-found and exception pages.
    [InlineData("<title>Page Not Found (development mode)</title>\n<p>\n                This application is in <b>development</b> mode and will show internal information to help you with\n                debugging.", "Mojolicious development page")]
    [InlineData("<h1>HTTP Status 500 – Internal Server Error</h1><hr class=\"line\" /><p><b>Type</b> Exception Report</p><p><b>Message</b> boom</p><p><b>Exception</b></p><pre>java.lang.IllegalStateException: boom\n\tat demo.Report.doGet(Report.java:12)", "Tomcat exception report")]
    [InlineData("System.DivideByZeroException: Attempted to divide by zero.\n   at lambda_method6(Closure, Object, HttpContext)\n   at Microsoft.AspNetCore.Diagnostics.DeveloperExceptionPageMiddlewareImpl.Invoke(HttpContext context)\n\nHEADERS\n=======\nAccept: */*\nHost: 127.0.0.1:5000\n", "ASP.NET Core developer exception page")]
    public void Debug_pages_are_recognised_as_the_frameworks_print_them(string body, string expected) =>
        Assert.Equal(expected, ExposureSignatures.First(ExposureSignatures.DebugPages, body)?.Name);

    [Theory]
    [InlineData("<h1>Whitelabel Error Page</h1><p>This application has no explicit mapping for /error, so you are seeing this as a fallback.</p><div>There was an unexpected error (type=Not Found, status=404).</div>")]
    [InlineData("<pre>Cannot GET /nowhere</pre>")]
    // Mojolicious in production mode: mojo/not_found.html.ep, no route table.
    [InlineData("<!DOCTYPE html><html><head><title>Page Not Found</title></head><body><h2>Page not found... yet!</h2></body></html>")]
    [InlineData("<p>Set DEBUG = True in your settings to see more.</p>")]
    [InlineData("{\"error\":\"Internal Server Error\"}")]
    [InlineData("{\"status\":404,\"error\":\"Not Found\",\"exception\":\"no route\"}")]
    // Tomcat's status report (its ErrorReportValve for a 404) carries the version footer, not a stack.
    [InlineData("<h1>HTTP Status 404 – Not Found</h1><hr class=\"line\" /><p><b>Type</b> Status Report</p><p><b>Message</b> The requested resource [&#47;nowhere] is not available</p><hr class=\"line\" /><h3>Apache Tomcat/10.1.60 (Debian)</h3>")]
    // A bare .NET stack is a verbose error (ATR-API-003), not the developer exception page.
    [InlineData("System.InvalidOperationException: boom\n   at Shop.Orders.Get()\n")]
    public void Ordinary_error_pages_are_not_debug_pages(string body) =>
        Assert.Null(ExposureSignatures.First(ExposureSignatures.DebugPages, body));

    [Theory]
    [InlineData("<title>Apache Tomcat</title></head><body><h1>It works !</h1><p>This is the default Tomcat home page. It can be found on the local filesystem at:", "Tomcat default page")]
    [InlineData("<title>Apache Tomcat Examples</title>", "Tomcat examples web application")]
    [InlineData("<HTML>\n  <HEAD>\n    <TITLE>Welcome to Jetty 9 on Debian</TITLE>", "Jetty default page")]
    [InlineData("<h2>Error 404 - Not Found.</h2>\nNo context on this server matched or handled this request.<br/>Contexts known to this server are: <ul>", "Jetty default page")]
    [InlineData("<h1>\n            Yay! You&rsquo;re on Rails!\n          </h1>", "Rails welcome page")]
    [InlineData("<title>Welcome to Jetty Street Bakery</title>", null)]
    public void Default_pages_are_recognised_as_the_servers_install_them(string body, string? expected) =>
        Assert.Equal(expected, ExposureSignatures.First(ExposureSignatures.DefaultPages, body)?.Name);

    [Theory]
    [InlineData("<title>Index of /files/</title></head><body><h1>Index of /files/</h1><hr><pre><a href=\"../\">../</a>", true)]
    [InlineData("<title>Directory listing for /</title>", true)]
    [InlineData("<title>Index of the catalogue</title><h1>Our products</h1>", false)]
    public void Directory_listings(string body, bool listing) =>
        Assert.Equal(listing, ExposureSignatures.First(ExposureSignatures.DirectoryListings, body) is not null);

    [Fact]
    public void Versions_come_from_headers_and_error_footers_and_a_bare_product_is_not_one()
    {
        var r = Response("<hr><address>Apache/2.4.71 (Debian) Server at 127.0.0.1 Port 80</address>", status: 404,
            headers: new[] { ("Server", "Apache/2.4.71 (Debian)"), ("X-Powered-By", "PHP/8.2.36"), ("X-AspNet-Version", "4.0.30319") });
        var found = VersionDisclosure.Read(r).Select(v => $"{v.Where}: {v.Product}").ToList();
        Assert.Contains("Server: Apache/2.4.71 (Debian)", found);
        Assert.Contains("X-Powered-By: PHP/8.2.36", found);
        Assert.Contains("X-AspNet-Version: ASP.NET 4.0.30319", found);
        Assert.Contains("error page footer: Apache/2.4.71 (Debian)", found);
        var jetty = VersionDisclosure.Read(Response("<hr/><a href=\"https://jetty.org/\">Powered by Jetty:// 9.4.57.v20241219</a><hr/>", status: 404,
            headers: new[] { ("Server", "Jetty(9.4.57.v20241219)") })).Select(v => $"{v.Where}: {v.Product}").ToList();
        Assert.Contains("Server: Jetty(9.4.57.v20241219)", jetty);
        Assert.Contains("error page footer: Jetty:// 9.4.57.v20241219", jetty);
        Assert.Contains("error page footer: Apache Tomcat/10.1.60 (Debian)",
            VersionDisclosure.Read(Response("<hr class=\"line\" /><h3>Apache Tomcat/10.1.60 (Debian)</h3></body></html>", status: 404)).Select(v => $"{v.Where}: {v.Product}"));
        Assert.Contains("Via: 1.1 varnish (Varnish/7.1)",
            VersionDisclosure.Read(Response("ok", headers: new[] { ("Via", "1.1 varnish (Varnish/7.1)") })).Select(v => $"{v.Where}: {v.Product}"));
        Assert.Empty(VersionDisclosure.Read(Response("ok", headers: new[] { ("Via", "HTTP/1.1 proxy.example:3128"), ("Via", "1.1 abc.cloudfront.net (CloudFront)") })));
        Assert.Empty(VersionDisclosure.Read(Response("<hr><center>nginx</center>", headers: new[] { ("Server", "nginx"), ("X-Powered-By", "Express") })));
    }

    [Fact]
    public void Files_count_only_by_their_content_never_a_soft_404()
    {
        var soft404 = Response("<!doctype html><html><body>Page not found, but here is our home page</body></html>");
        Assert.All(ExposedFiles.All, c => Assert.False(c.IsReal(soft404), c.Path));
        Assert.True(ExposedFiles.All.Single(c => c.Path == "/.git/HEAD").IsReal(Response("ref: refs/heads/main\n", "text/plain")));
        Assert.True(ExposedFiles.IsEnvFile(Response("# app\nDB_PASSWORD=x1\nexport API_KEY=abc\n", "text/plain")));
        Assert.False(ExposedFiles.IsEnvFile(Response("DB_PASSWORD=x1\nthis is prose, not configuration\n", "text/plain")));
        Assert.False(ExposedFiles.IsEnvFile(Response("ONLY_ONE=line\n", "text/plain")));
    }

    [Fact]
    public void Sensitive_fields_are_named_and_masked_and_token_issuance_is_not_exposure()
    {
        var body = "[{\"id\":1,\"username\":\"ann\",\"email\":\"ann@shop.example\",\"is_staff\":true,\"password\":\"$2b$10$N9qo8uLOickgx2ZMRZoMye\"},"
            + "{\"id\":2,\"username\":\"bob\",\"email\":\"bob@shop.example\",\"is_staff\":false,\"email_verified\":true}]";
        var found = SensitiveData.Find(Encoding.UTF8.GetBytes(body));
        Assert.Equal(new[] { "password", "is_staff", "email" }, found.Select(f => f.Name));
        Assert.Equal(DataKind.Secret, found[0].Kind);
        Assert.DoesNotContain("N9qo8", found[0].Sample);
        var email = found.Single(f => f.Name == "email");
        Assert.Equal((2, "a***@***.example"), (email.Count, email.Sample));
        Assert.Empty(SensitiveData.Find("{\"access_token\":\"eyJhbGciOiJIUzI1NiJ9.e30.x\",\"token_type\":\"Bearer\",\"expires_in\":300}"u8));
        Assert.Empty(SensitiveData.Find("[{\"name\":\"Widget\",\"email_verified\":true,\"role\":null,\"phone\":\"n/a\"}]"u8));
    }

    [Fact]
    public void A_login_form_a_refusal_or_a_single_sign_on_redirect_is_protected()
    {
        var login = Response("<form method=post action=/admin/login/><input name=username><input type=\"password\" name=password></form>", path: "/admin/login/");
        Assert.NotNull(LoginPage.ProtectedBecause(login));
        Assert.NotNull(LoginPage.ProtectedBecause(Response("{}", "application/json", 401)));
        var uri = new Uri("http://site.test/admin");
        var sso = new HttpProbeResult
        {
            RequestedUri = uri, FinalUri = new Uri("https://login.idp.test/authorize"), StatusCode = 200, Body = "<html>sign in</html>"u8.ToArray(),
            Redirects = new[] { new RedirectHop(uri, 302, "https://login.idp.test/authorize?client_id=x") },
        };
        Assert.NotNull(LoginPage.ProtectedBecause(sso));
        Assert.Null(LoginPage.ProtectedBecause(Response("<h1>Admin dashboard</h1><table><tr><td>users</td></tr></table>", path: "/admin")));
    }

    [Fact]
    public void Every_exposure_rule_is_complete_and_in_the_catalogue()
    {
        var rules = typeof(ExposureRules).GetFields().Select(f => (ThreatRule)f.GetValue(null)!).ToList();
        Assert.Equal(19, rules.Count);
        Assert.All(rules, r =>
        {
            Assert.Same(r, RuleCatalog.Get(r.Id));
            Assert.Matches(@"^ATR-EXPO-0\d\d$", r.Id);
            Assert.False(string.IsNullOrWhiteSpace(r.Rationale));
            Assert.False(string.IsNullOrWhiteSpace(r.Remediation));
            Assert.Matches(@"^CWE-\d+$", r.Cwe);
            Assert.Matches(@"^API\d+:2023$", r.OwaspApi);
            Assert.NotEmpty(r.References);
        });
    }
}
