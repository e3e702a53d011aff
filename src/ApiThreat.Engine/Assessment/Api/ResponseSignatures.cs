using System.Text.RegularExpressions;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Api;

/// <summary>
/// Text signatures read from responses: framework error pages, stack traces, SQL and NoSQL errors, server file paths,
/// system files. Every regex has a timeout and is run on a bounded prefix of the body: bodies are hostile.
/// </summary>
public static partial class ResponseSignatures
{
    private const int MaxScanChars = 256 * 1024;
    // Every pattern: culture-invariant, 200 ms match timeout (the [GeneratedRegex] methods at the end).

    /// <summary>Stack traces, exception names and framework debug pages.</summary>
    public static readonly (string Name, Regex Pattern)[] Errors =
    {
        ("Java stack trace", JavaStackTracePattern()),
        ("Java exception", JavaExceptionPattern()),
        (".NET stack trace", NETStackTracePattern()),
        (".NET exception", NETExceptionPattern()),
        ("Python traceback", PythonTracebackPattern()),
        ("PHP error", PHPErrorPattern()),
        ("Node.js stack trace", NodeJsStackTracePattern()),
        ("Ruby stack trace", RubyStackTracePattern()),
        ("Go panic", GoPanicPattern()),
        ("Django debug page", DjangoDebugPagePattern()),
        ("Laravel/Whoops debug page", LaravelWhoopsDebugPagePattern()),
        ("Rails debug page", RailsDebugPagePattern()),
        ("Werkzeug debugger", WerkzeugDebuggerPattern()),
        ("ASP.NET error page", ASPNETErrorPagePattern()),
        ("Spring Whitelabel error page with exception", SpringWhitelabelErrorPageWithExceptionPattern()),
        ("Express error page", ExpressErrorPagePattern()),
    };

    /// <summary>Database errors (SQL).</summary>
    public static readonly (string Name, Regex Pattern)[] Sql =
    {
        ("MySQL error", MySQLErrorPattern()),
        ("PostgreSQL error", PostgreSQLErrorPattern()),
        ("SQL Server error", SQLServerErrorPattern()),
        ("Oracle error", OracleErrorPattern()),
        ("SQLite error", SQLiteErrorPattern()),
        ("Generic SQL error", GenericSQLErrorPattern()),
    };

    /// <summary>Document-database errors that show an operator reached the query.</summary>
    public static readonly (string Name, Regex Pattern)[] NoSql =
    {
        ("MongoDB error", MongoDBErrorPattern()),
        ("MongoDB operator error", MongoDBOperatorErrorPattern()),
        ("Mongoose cast error", MongooseCastErrorPattern()),
        ("CouchDB error", CouchDBErrorPattern()),
    };

    /// <summary>Server-side file paths in error bodies.</summary>
    public static readonly Regex FilePath = FilePathPattern();

    /// <summary>Contents of well-known system files (path traversal).</summary>
    public static readonly (string Name, Regex Pattern)[] SystemFiles =
    {
        ("/etc/passwd", EtcPasswdPattern()),
        ("win.ini", WinIniPattern()),
    };

    public static string Prefix(string body) => body.Length <= MaxScanChars ? body : body[..MaxScanChars];

    /// <summary>Names of the signatures of <paramref name="set"/> found in <paramref name="body"/>.</summary>
    public static List<string> Match((string Name, Regex Pattern)[] set, string body)
    {
        var found = new List<string>();
        var text = Prefix(body);
        foreach (var (name, pattern) in set)
        {
            try { if (pattern.IsMatch(text)) found.Add(name); }
            catch (RegexMatchTimeoutException) { }
        }
        return found;
    }

    /// <summary>The first match of a signature set, as evidence (bounded).</summary>
    public static string? Excerpt((string Name, Regex Pattern)[] set, string body)
    {
        var text = Prefix(body);
        foreach (var (_, pattern) in set)
        {
            try
            {
                var m = pattern.Match(text);
                if (m.Success) return TextSafety.Truncate(TextSafety.StripControl(m.Value), 200);
            }
            catch (RegexMatchTimeoutException) { }
        }
        return null;
    }

    public static bool IsMatch(Regex regex, string body)
    {
        try { return regex.IsMatch(Prefix(body)); } catch (RegexMatchTimeoutException) { return false; }
    }

    // Source-generated: no Reflection.Emit and no JIT in each new process, and precompiled with the engine (ReadyToRun).
    [GeneratedRegex(@"\bat (?:[a-zA-Z_$][\w$]*\.){2,}[\w$<>]+\([\w$]+\.java:\d+\)", RegexOptions.CultureInvariant, 200)]
    private static partial Regex JavaStackTracePattern();

    [GeneratedRegex(@"\b(?:java|javax|org\.springframework|org\.hibernate)\.[\w.]*(?:Exception|Error)\b", RegexOptions.CultureInvariant, 200)]
    private static partial Regex JavaExceptionPattern();

    [GeneratedRegex(@"\bat (?:[A-Z][\w`]*\.){2,}[\w`<>]+\([^)]*\)(?: in [^\r\n]+:line \d+)?", RegexOptions.CultureInvariant, 200)]
    private static partial Regex NETStackTracePattern();

    [GeneratedRegex(@"\bSystem\.(?:[A-Z]\w*\.)*[A-Z]\w*Exception\b", RegexOptions.CultureInvariant, 200)]
    private static partial Regex NETExceptionPattern();

    [GeneratedRegex(@"Traceback \(most recent call last\):", RegexOptions.CultureInvariant, 200)]
    private static partial Regex PythonTracebackPattern();

    [GeneratedRegex(@"(?:Fatal error|Parse error|Warning|Notice)</b>:? .+? on line <b>\d+</b>|PHP (?:Fatal error|Parse error|Warning):", RegexOptions.CultureInvariant, 200)]
    private static partial Regex PHPErrorPattern();

    [GeneratedRegex(@"\bat (?:Object\.<anonymous>|Module\._compile|Layer\.handle|process\.processTicksAndRejections)\b", RegexOptions.CultureInvariant, 200)]
    private static partial Regex NodeJsStackTracePattern();

    [GeneratedRegex(@"\.rb:\d+:in `", RegexOptions.CultureInvariant, 200)]
    private static partial Regex RubyStackTracePattern();

    [GeneratedRegex(@"\bgoroutine \d+ \[running\]:", RegexOptions.CultureInvariant, 200)]
    private static partial Regex GoPanicPattern();

    [GeneratedRegex(@"You're seeing this error because you have <code>DEBUG = True</code>", RegexOptions.CultureInvariant, 200)]
    private static partial Regex DjangoDebugPagePattern();

    [GeneratedRegex(@"Whoops, looks like something went wrong|<title>Whoops! There was an error", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, 200)]
    private static partial Regex LaravelWhoopsDebugPagePattern();

    [GeneratedRegex(@"Action Controller: Exception caught", RegexOptions.CultureInvariant, 200)]
    private static partial Regex RailsDebugPagePattern();

    [GeneratedRegex(@"Werkzeug Debugger|The debugger caught an exception in your WSGI application", RegexOptions.CultureInvariant, 200)]
    private static partial Regex WerkzeugDebuggerPattern();

    [GeneratedRegex(@"Server Error in '[^']*' Application|<title>Runtime Error</title>|An unhandled exception occurred while processing the request", RegexOptions.CultureInvariant, 200)]
    private static partial Regex ASPNETErrorPagePattern();

    [GeneratedRegex(@"Whitelabel Error Page[\s\S]{0,2000}?(?:Exception|trace)", RegexOptions.CultureInvariant, 200)]
    private static partial Regex SpringWhitelabelErrorPageWithExceptionPattern();

    [GeneratedRegex(@"<pre>(?:TypeError|ReferenceError|SyntaxError|Error): [^<]+<br> &nbsp; &nbsp;at ", RegexOptions.CultureInvariant, 200)]
    private static partial Regex ExpressErrorPagePattern();

    [GeneratedRegex(@"You have an error in your SQL syntax|mysql_fetch_|MySqlException|com\.mysql\.jdbc|Warning: mysql_", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, 200)]
    private static partial Regex MySQLErrorPattern();

    [GeneratedRegex(@"PG::SyntaxError|PSQLException|syntax error at or near ""|unterminated quoted string at or near|pg_query\(\)|Npgsql\.PostgresException", RegexOptions.CultureInvariant, 200)]
    private static partial Regex PostgreSQLErrorPattern();

    [GeneratedRegex(@"Unclosed quotation mark after the character string|Incorrect syntax near|System\.Data\.SqlClient\.SqlException|Microsoft\.Data\.SqlClient\.SqlException|\[SQL Server\]", RegexOptions.CultureInvariant, 200)]
    private static partial Regex SQLServerErrorPattern();

    [GeneratedRegex(@"\bORA-\d{5}\b|quoted string not properly terminated", RegexOptions.CultureInvariant, 200)]
    private static partial Regex OracleErrorPattern();

    [GeneratedRegex(@"SQLITE_ERROR|sqlite3\.OperationalError|SQLiteException|unrecognized token: ""|near "".{0,40}"": syntax error", RegexOptions.CultureInvariant, 200)]
    private static partial Regex SQLiteErrorPattern();

    [GeneratedRegex(@"SQLSTATE\[\w+\]|JDBCException|org\.hibernate\.exception\.SQLGrammarException|java\.sql\.SQLException|\[Microsoft\]\[ODBC|\[unixODBC\]", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, 200)]
    private static partial Regex GenericSQLErrorPattern();

    [GeneratedRegex(@"MongoServerError|MongoError|MongoDB\.Driver\.Mongo\w*Exception|com\.mongodb\.Mongo\w*Exception|pymongo\.errors", RegexOptions.CultureInvariant, 200)]
    private static partial Regex MongoDBErrorPattern();

    [GeneratedRegex(@"unknown (?:top level )?operator: \$\w+|\$where is not allowed|BadValue.{0,80}\$\w+|Can't canonicalize query", RegexOptions.CultureInvariant, 200)]
    private static partial Regex MongoDBOperatorErrorPattern();

    [GeneratedRegex(@"CastError: Cast to \w+ failed for value", RegexOptions.CultureInvariant, 200)]
    private static partial Regex MongooseCastErrorPattern();

    [GeneratedRegex(@"""error"":""(?:query_parse_error|bad_request)"".{0,200}""reason""", RegexOptions.CultureInvariant, 200)]
    private static partial Regex CouchDBErrorPattern();

    [GeneratedRegex(@"root:[x*!]?:0:0:", RegexOptions.CultureInvariant, 200)]
    private static partial Regex EtcPasswdPattern();

    [GeneratedRegex(@"\[fonts\][\s\S]{0,200}\[extensions\]|; for 16-bit app support", RegexOptions.CultureInvariant, 200)]
    private static partial Regex WinIniPattern();

    [GeneratedRegex(@"(?:/(?:var/www|usr/src/app|usr/local/lib/python\d\.\d+|home/[\w.-]+|opt/[\w.-]+|srv/[\w.-]+|app/(?:src|lib|node_modules))/[\w./-]+\.(?:php|py|rb|js|ts|java|go|cs|jsp)\b|[A-Za-z]:\\(?:inetpub|Users|Program Files|Projects|src|wwwroot)\\[\w\\. -]+\.(?:cs|aspx|php|py|js|java|vb))", RegexOptions.CultureInvariant, 200)]
    private static partial Regex FilePathPattern();
}
