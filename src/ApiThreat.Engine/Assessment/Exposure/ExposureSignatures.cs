using System.Text.RegularExpressions;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Exposure;

/// <summary>
/// What real servers and frameworks print on their debug, default and listing pages, read from their own templates
/// (Django's technical_404/500 with its typographic apostrophe, Werkzeug's debugger, Debian's default pages...).
/// Every regex has a timeout and runs on a bounded prefix of the body: bodies are hostile.
/// </summary>
public static partial class ExposureSignatures
{
    private const int MaxScanChars = 256 * 1024;
    // Every pattern: culture-invariant, 200 ms match timeout (the [GeneratedRegex] methods at the end).

    /// <summary>Framework development pages: the page itself says debug mode is on, or shows frames of code.</summary>
    public static readonly (string Name, Regex Pattern)[] DebugPages =
    {
        // Django 2.2+ prints a typographic apostrophe (You’re), older releases a straight one.
        ("Django debug page (DEBUG = True)", DjangoDebugPageDEBUGTruePattern()),
        ("Werkzeug debugger", WerkzeugDebuggerPattern()),
        ("Werkzeug interactive console", WerkzeugInteractiveConsolePattern()),
        ("Laravel Ignition", LaravelIgnitionPattern()),
        ("Whoops error page", WhoopsErrorPagePattern()),
        ("Rails debug page", RailsDebugPagePattern()),
        // The same page in an API-only app (config.api_only), for any client that does not ask for HTML: DebugExceptions
        // renders the exception and its traces as JSON ({"status":404,"error":"Not Found","exception":"#<...>","traces":...}).
        ("Rails debug page", RailsDebugPagePattern2()),
        ("ASP.NET yellow screen of death", ASPNETYellowScreenOfDeathPattern()),
        ("ASP.NET Core developer exception page", ASPNETCoreDeveloperExceptionPagePattern()),
        // The same page for a client that does not accept HTML (an API client, curl): the exception and its stack as
        // plain text, then the request's headers under "HEADERS" (DeveloperExceptionPageMiddleware's text form).
        ("ASP.NET Core developer exception page", ASPNETCoreDeveloperExceptionPagePattern2()),
        ("Spring Whitelabel error page with a stack trace", SpringWhitelabelErrorPageWithAStackTracePattern()),
        // finalhandler (Express, Connect) in development: the stack in a <pre>, frames joined by "<br> &nbsp; &nbsp;at ".
        ("Express development stack trace", ExpressDevelopmentStackTracePattern()),
        // Sinatra in development (show_exceptions): the exception page, and the not-found page that suggests the route.
        ("Sinatra development error page", SinatraDevelopmentErrorPagePattern()),
        ("Sinatra development not-found page", SinatraDevelopmentNotFoundPagePattern()),
        // Mojolicious in development mode (its default without MOJO_MODE): mojo/debug.html.ep renders its not-found and
        // exception pages with the route table, the request, the stash and, for an exception, the failing source lines.
        ("Mojolicious development page", MojoliciousDevelopmentPagePattern()),
        ("PHP error message (display_errors)", PHPErrorMessageDisplayErrorsPattern()),
        // Tomcat's ErrorReportValve: only its exception report (a stack in <pre>) is a debug page; its plain status
        // reports (404, 401) carry the same version footer, which is a version disclosure, not a debug page.
        ("Tomcat exception report", TomcatExceptionReportPattern()),
    };

    /// <summary>Installation welcome pages and framework placeholders.</summary>
    public static readonly (string Name, Regex Pattern)[] DefaultPages =
    {
        ("Apache default page", ApacheDefaultPagePattern()),
        ("nginx welcome page", NginxWelcomePagePattern()),
        ("lighttpd placeholder page", LighttpdPlaceholderPagePattern()),
        ("Caddy default page", CaddyDefaultPagePattern()),
        ("IIS welcome page", IISWelcomePagePattern()),
        ("Tomcat default page", TomcatDefaultPagePattern()),
        ("Tomcat examples web application", TomcatExamplesWebApplicationPattern()),
        // Debian's jetty9 root page ("Welcome to Jetty 9 on Debian", in capitals), and Jetty's DefaultHandler, which
        // answers a path no context serves by listing every deployed context.
        ("Jetty default page", JettyDefaultPagePattern()),
        ("Django welcome page", DjangoWelcomePagePattern()),
        // Rails' welcome page (Rails::WelcomeController), served at / in development until the app routes its root.
        ("Rails welcome page", RailsWelcomePagePattern()),
    };

    /// <summary>Directory listings as each server prints them.</summary>
    public static readonly (string Name, Regex Pattern)[] DirectoryListings =
    {
        ("Apache/nginx/lighttpd 'Index of' listing", ApacheNginxLighttpdIndexOfListingPattern()),
        ("Python http.server listing", PythonHttpServerListingPattern()),
        ("IIS directory browsing", IISDirectoryBrowsingPattern()),
        ("Caddy file browser", CaddyFileBrowserPattern()),
        // http-server from npm (lib/core/show-dir/render-html.js): "Index of /..." as its <title> and <h1>, but ~70 KB of
        // icon styles between them, then its footer naming Node.js and http-server.
        ("http-server (npm) listing", NodeHttpServerListingPattern()),
    };

    public static string Prefix(string body) => body.Length <= MaxScanChars ? body : body[..MaxScanChars];

    /// <summary>The name of the first signature of the set found in the body, with a bounded excerpt, or null.</summary>
    public static (string Name, string Excerpt)? First((string Name, Regex Pattern)[] set, string body)
    {
        if (body.Length == 0) return null;
        var text = Prefix(body);
        foreach (var (name, pattern) in set)
        {
            try
            {
                var m = pattern.Match(text);
                if (m.Success) return (name, TextSafety.Truncate(TextSafety.StripControl(m.Value), 160));
            }
            catch (RegexMatchTimeoutException) { }
        }
        return null;
    }

    public static bool IsMatch(Regex regex, string body)
    {
        try { return regex.IsMatch(Prefix(body)); } catch (RegexMatchTimeoutException) { return false; }
    }

    public static Match? Match(Regex regex, string body)
    {
        try { var m = regex.Match(Prefix(body)); return m.Success ? m : null; } catch (RegexMatchTimeoutException) { return null; }
    }

    // Source-generated: no Reflection.Emit and no JIT in each new process, and precompiled with the engine (ReadyToRun).
    [GeneratedRegex(@"You[’']re seeing this error because you have <code>DEBUG = True</code>", RegexOptions.CultureInvariant, 200)]
    private static partial Regex DjangoDebugPageDEBUGTruePattern();

    [GeneratedRegex(@"// Werkzeug Debugger</title>|The debugger caught an exception in your WSGI application", RegexOptions.CultureInvariant, 200)]
    private static partial Regex WerkzeugDebuggerPattern();

    [GeneratedRegex(@"<title>Console // Werkzeug Debugger</title>|In this console you can execute Python expressions", RegexOptions.CultureInvariant, 200)]
    private static partial Regex WerkzeugInteractiveConsolePattern();

    [GeneratedRegex(@"window\.ignite\s*=|ignition-(?:app|error-page)|Ignition\s+(?:error|solution)|<title>🧨", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, 200)]
    private static partial Regex LaravelIgnitionPattern();

    [GeneratedRegex(@"<title>Whoops! There was an error\.</title>|class=""Whoops container""|Whoops\\Handler\\PrettyPageHandler", RegexOptions.CultureInvariant, 200)]
    private static partial Regex WhoopsErrorPagePattern();

    [GeneratedRegex(@"<title>Action Controller: Exception caught</title>|<h1>Routing Error</h1>[\s\S]{0,4000}?Rails\.root:", RegexOptions.CultureInvariant, 200)]
    private static partial Regex RailsDebugPagePattern();

    [GeneratedRegex(@"""exception"":""#(?:\\u003c|<)[A-Z][\w:]{0,200}[\s\S]{0,4000}?""traces"":\{""Application Trace"":\[", RegexOptions.CultureInvariant, 200)]
    private static partial Regex RailsDebugPagePattern2();

    [GeneratedRegex(@"Server Error in '[^']*' Application\.[\s\S]{0,3000}?(?:Stack Trace:|Exception Details:|Version Information:)", RegexOptions.CultureInvariant, 200)]
    private static partial Regex ASPNETYellowScreenOfDeathPattern();

    [GeneratedRegex(@"An unhandled exception occurred while processing the request\.[\s\S]{0,20000}?(?:<h2 class=""stackerror"">|id=""stackpage""|Stack Query Cookies Headers Routing)", RegexOptions.CultureInvariant, 200)]
    private static partial Regex ASPNETCoreDeveloperExceptionPagePattern();

    [GeneratedRegex(@"(?m)^[ \t]+at [^\r\n]{1,1000}\r?\n(?:\r?\n)?HEADERS\r?\n=======\r?\n[\w-]+: ", RegexOptions.CultureInvariant, 200)]
    private static partial Regex ASPNETCoreDeveloperExceptionPagePattern2();

    [GeneratedRegex(@"Whitelabel Error Page[\s\S]{0,3000}?(?:<div>[\w.$]+(?:Exception|Error)[:<]|\tat [\w.$]+\()", RegexOptions.CultureInvariant, 200)]
    private static partial Regex SpringWhitelabelErrorPageWithAStackTracePattern();

    [GeneratedRegex(@"<pre>[A-Z]?\w*Error\b[^<]{0,300}<br> &nbsp; &nbsp;at ", RegexOptions.CultureInvariant, 200)]
    private static partial Regex ExpressDevelopmentStackTracePattern();

    [GeneratedRegex(@"enabled the <code>show_exceptions</code> setting|<img src=['""][^'""]{0,200}/__sinatra__/500\.png", RegexOptions.CultureInvariant, 200)]
    private static partial Regex SinatraDevelopmentErrorPagePattern();

    [GeneratedRegex(@"Sinatra doesn[’']t know this ditty\.", RegexOptions.CultureInvariant, 200)]
    private static partial Regex SinatraDevelopmentNotFoundPagePattern();

    [GeneratedRegex(@"This application is in <b>development</b> mode and will show internal information", RegexOptions.CultureInvariant, 200)]
    private static partial Regex MojoliciousDevelopmentPagePattern();

    [GeneratedRegex(@"<b>(?:Fatal error|Parse error|Warning|Notice|Deprecated)</b>:\s+.{1,500}? in <b>[^<]{1,300}</b> on line <b>\d+</b>", RegexOptions.CultureInvariant, 200)]
    private static partial Regex PHPErrorMessageDisplayErrorsPattern();

    [GeneratedRegex(@"<p><b>Type</b> Exception Report</p>[\s\S]{0,4000}?<b>(?:Exception|Root Cause)</b>|<b>(?:Exception|Root Cause)</b>(?:</p>)?\s*<pre>\s*[\w.$]+(?:Exception|Error)\b", RegexOptions.CultureInvariant, 200)]
    private static partial Regex TomcatExceptionReportPattern();

    [GeneratedRegex(@"<title>Apache2 (?:Debian|Ubuntu) Default Page: It works</title>|<html><body><h1>It works!</h1>|<title>Test Page for the (?:Apache|HTTP) Server", RegexOptions.CultureInvariant, 200)]
    private static partial Regex ApacheDefaultPagePattern();

    [GeneratedRegex(@"<title>Welcome to nginx!</title>", RegexOptions.CultureInvariant, 200)]
    private static partial Regex NginxWelcomePagePattern();

    [GeneratedRegex(@"Placeholder page\s*</|placeholder page installed by the Debian release of the|<title>Welcome page</title>[\s\S]{0,3000}?lighttpd", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, 200)]
    private static partial Regex LighttpdPlaceholderPagePattern();

    [GeneratedRegex(@"<title>Caddy works!</title>", RegexOptions.CultureInvariant, 200)]
    private static partial Regex CaddyDefaultPagePattern();

    [GeneratedRegex(@"<title>IIS Windows(?: Server)?</title>|<img src=""iisstart\.png""|<title>Internet Information Services</title>", RegexOptions.CultureInvariant, 200)]
    private static partial Regex IISWelcomePagePattern();

    [GeneratedRegex(@"If you're seeing this, you've successfully installed Tomcat\.|<title>Apache Tomcat/[\d.]+</title>|This is the default Tomcat home page\.", RegexOptions.CultureInvariant, 200)]
    private static partial Regex TomcatDefaultPagePattern();

    [GeneratedRegex(@"<title>Apache Tomcat Examples</title>|<title>Sessions Example</title>", RegexOptions.CultureInvariant, 200)]
    private static partial Regex TomcatExamplesWebApplicationPattern();

    [GeneratedRegex(@"<title>Welcome to Jetty[ -]?\d*(?: on \w+)?</title>|No context on this server matched or handled this request\.", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, 200)]
    private static partial Regex JettyDefaultPagePattern();

    [GeneratedRegex(@"The install worked successfully! Congratulations!", RegexOptions.CultureInvariant, 200)]
    private static partial Regex DjangoWelcomePagePattern();

    [GeneratedRegex(@"Yay! You(?:&rsquo;|’|')re on Rails!", RegexOptions.CultureInvariant, 200)]
    private static partial Regex RailsWelcomePagePattern();

    [GeneratedRegex(@"<title>Index of /[^<]*</title>[\s\S]{0,4000}?<h[12]>Index of /", RegexOptions.CultureInvariant, 200)]
    private static partial Regex ApacheNginxLighttpdIndexOfListingPattern();

    [GeneratedRegex(@"<h1>Index of /[^<]{0,1000}</h1>\s*<table>[\s\S]*?<address>Node\.js v[\d.]+/ <a href=""https://github\.com/http-party/http-server"">http-server</a> server running @", RegexOptions.CultureInvariant, 200)]
    private static partial Regex NodeHttpServerListingPattern();

    [GeneratedRegex(@"<title>Directory listing for /[^<]*</title>", RegexOptions.CultureInvariant, 200)]
    private static partial Regex PythonHttpServerListingPattern();

    [GeneratedRegex(@"<pre><A HREF=""[^""]*"">\[To Parent Directory\]</A>", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, 200)]
    private static partial Regex IISDirectoryBrowsingPattern();

    [GeneratedRegex(@"<meta name=""viewport""[\s\S]{0,200}?</head>[\s\S]{0,20000}?(?:<th[^>]*>\s*<a[^>]*>\s*Name|sort=name)[\s\S]{0,20000}?Served with\s*<a[^>]*>Caddy</a>|<footer>\s*Served with", RegexOptions.CultureInvariant, 200)]
    private static partial Regex CaddyFileBrowserPattern();
}
