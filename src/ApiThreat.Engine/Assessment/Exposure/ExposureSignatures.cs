using System.Text.RegularExpressions;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Exposure;

/// <summary>
/// What real servers and frameworks print on their debug, default and listing pages, read from their own templates
/// (Django's technical_404/500 with its typographic apostrophe, Werkzeug's debugger, Debian's default pages...).
/// Every regex has a timeout and runs on a bounded prefix of the body: bodies are hostile.
/// </summary>
public static class ExposureSignatures
{
    private const int MaxScanChars = 256 * 1024;
    private static readonly TimeSpan s_timeout = TimeSpan.FromMilliseconds(200);

    private static Regex Rx(string pattern, RegexOptions extra = RegexOptions.None) =>
        new(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled | extra, s_timeout);

    /// <summary>Framework development pages: the page itself says debug mode is on, or shows frames of code.</summary>
    public static readonly (string Name, Regex Pattern)[] DebugPages =
    {
        // Django 2.2+ prints a typographic apostrophe (You’re), older releases a straight one.
        ("Django debug page (DEBUG = True)", Rx(@"You[’']re seeing this error because you have <code>DEBUG = True</code>")),
        ("Werkzeug debugger", Rx(@"// Werkzeug Debugger</title>|The debugger caught an exception in your WSGI application")),
        ("Werkzeug interactive console", Rx(@"<title>Console // Werkzeug Debugger</title>|In this console you can execute Python expressions")),
        ("Laravel Ignition", Rx(@"window\.ignite\s*=|ignition-(?:app|error-page)|Ignition\s+(?:error|solution)|<title>🧨", RegexOptions.IgnoreCase)),
        ("Whoops error page", Rx(@"<title>Whoops! There was an error\.</title>|class=""Whoops container""|Whoops\\Handler\\PrettyPageHandler")),
        ("Rails debug page", Rx(@"<title>Action Controller: Exception caught</title>|<h1>Routing Error</h1>[\s\S]{0,4000}?Rails\.root:")),
        // The same page in an API-only app (config.api_only), for any client that does not ask for HTML: DebugExceptions
        // renders the exception and its traces as JSON ({"status":404,"error":"Not Found","exception":"#<...>","traces":...}).
        ("Rails debug page", Rx(@"""exception"":""#(?:\\u003c|<)[A-Z][\w:]{0,200}[\s\S]{0,4000}?""traces"":\{""Application Trace"":\[")),
        ("ASP.NET yellow screen of death", Rx(@"Server Error in '[^']*' Application\.[\s\S]{0,3000}?(?:Stack Trace:|Exception Details:|Version Information:)")),
        ("ASP.NET Core developer exception page", Rx(@"An unhandled exception occurred while processing the request\.[\s\S]{0,20000}?(?:<h2 class=""stackerror"">|id=""stackpage""|Stack Query Cookies Headers Routing)")),
        // The same page for a client that does not accept HTML (an API client, curl): the exception and its stack as
        // plain text, then the request's headers under "HEADERS" (DeveloperExceptionPageMiddleware's text form).
        ("ASP.NET Core developer exception page", Rx(@"(?m)^[ \t]+at [^\r\n]{1,1000}\r?\n(?:\r?\n)?HEADERS\r?\n=======\r?\n[\w-]+: ")),
        ("Spring Whitelabel error page with a stack trace", Rx(@"Whitelabel Error Page[\s\S]{0,3000}?(?:<div>[\w.$]+(?:Exception|Error)[:<]|\tat [\w.$]+\()")),
        // finalhandler (Express, Connect) in development: the stack in a <pre>, frames joined by "<br> &nbsp; &nbsp;at ".
        ("Express development stack trace", Rx(@"<pre>[A-Z]?\w*Error\b[^<]{0,300}<br> &nbsp; &nbsp;at ")),
        // Sinatra in development (show_exceptions): the exception page, and the not-found page that suggests the route.
        ("Sinatra development error page", Rx(@"enabled the <code>show_exceptions</code> setting|<img src=['""][^'""]{0,200}/__sinatra__/500\.png")),
        ("Sinatra development not-found page", Rx(@"Sinatra doesn[’']t know this ditty\.")),
        ("PHP error message (display_errors)", Rx(@"<b>(?:Fatal error|Parse error|Warning|Notice|Deprecated)</b>:\s+.{1,500}? in <b>[^<]{1,300}</b> on line <b>\d+</b>")),
        // Tomcat's ErrorReportValve: only its exception report (a stack in <pre>) is a debug page; its plain status
        // reports (404, 401) carry the same version footer, which is a version disclosure, not a debug page.
        ("Tomcat exception report", Rx(@"<p><b>Type</b> Exception Report</p>[\s\S]{0,4000}?<b>(?:Exception|Root Cause)</b>|<b>(?:Exception|Root Cause)</b>(?:</p>)?\s*<pre>\s*[\w.$]+(?:Exception|Error)\b")),
    };

    /// <summary>Installation welcome pages and framework placeholders.</summary>
    public static readonly (string Name, Regex Pattern)[] DefaultPages =
    {
        ("Apache default page", Rx(@"<title>Apache2 (?:Debian|Ubuntu) Default Page: It works</title>|<html><body><h1>It works!</h1>|<title>Test Page for the (?:Apache|HTTP) Server")),
        ("nginx welcome page", Rx(@"<title>Welcome to nginx!</title>")),
        ("lighttpd placeholder page", Rx(@"Placeholder page\s*</|placeholder page installed by the Debian release of the|<title>Welcome page</title>[\s\S]{0,3000}?lighttpd", RegexOptions.IgnoreCase)),
        ("Caddy default page", Rx(@"<title>Caddy works!</title>")),
        ("IIS welcome page", Rx(@"<title>IIS Windows(?: Server)?</title>|<img src=""iisstart\.png""|<title>Internet Information Services</title>")),
        ("Tomcat default page", Rx(@"If you're seeing this, you've successfully installed Tomcat\.|<title>Apache Tomcat/[\d.]+</title>|This is the default Tomcat home page\.")),
        ("Tomcat examples web application", Rx(@"<title>Apache Tomcat Examples</title>|<title>Sessions Example</title>")),
        // Debian's jetty9 root page ("Welcome to Jetty 9 on Debian", in capitals), and Jetty's DefaultHandler, which
        // answers a path no context serves by listing every deployed context.
        ("Jetty default page", Rx(@"<title>Welcome to Jetty[ -]?\d*(?: on \w+)?</title>|No context on this server matched or handled this request\.", RegexOptions.IgnoreCase)),
        ("Django welcome page", Rx(@"The install worked successfully! Congratulations!")),
        // Rails' welcome page (Rails::WelcomeController), served at / in development until the app routes its root.
        ("Rails welcome page", Rx(@"Yay! You(?:&rsquo;|’|')re on Rails!")),
    };

    /// <summary>Directory listings as each server prints them.</summary>
    public static readonly (string Name, Regex Pattern)[] DirectoryListings =
    {
        ("Apache/nginx/lighttpd 'Index of' listing", Rx(@"<title>Index of /[^<]*</title>[\s\S]{0,4000}?<h[12]>Index of /")),
        ("Python http.server listing", Rx(@"<title>Directory listing for /[^<]*</title>")),
        ("IIS directory browsing", Rx(@"<pre><A HREF=""[^""]*"">\[To Parent Directory\]</A>", RegexOptions.IgnoreCase)),
        ("Caddy file browser", Rx(@"<meta name=""viewport""[\s\S]{0,200}?</head>[\s\S]{0,20000}?(?:<th[^>]*>\s*<a[^>]*>\s*Name|sort=name)[\s\S]{0,20000}?Served with\s*<a[^>]*>Caddy</a>|<footer>\s*Served with")),
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
}
