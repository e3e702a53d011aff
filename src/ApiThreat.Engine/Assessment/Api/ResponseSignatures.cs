using System.Text.RegularExpressions;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Api;

/// <summary>
/// Text signatures read from responses: framework error pages, stack traces, SQL and NoSQL errors, server file paths,
/// system files. Every regex has a timeout and is run on a bounded prefix of the body: bodies are hostile.
/// </summary>
public static class ResponseSignatures
{
    private const int MaxScanChars = 256 * 1024;
    private static readonly TimeSpan s_timeout = TimeSpan.FromMilliseconds(200);

    private static Regex Rx(string pattern, RegexOptions extra = RegexOptions.None) =>
        new(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled | extra, s_timeout);

    /// <summary>Stack traces, exception names and framework debug pages.</summary>
    public static readonly (string Name, Regex Pattern)[] Errors =
    {
        ("Java stack trace", Rx(@"\bat (?:[a-zA-Z_$][\w$]*\.){2,}[\w$<>]+\([\w$]+\.java:\d+\)")),
        ("Java exception", Rx(@"\b(?:java|javax|org\.springframework|org\.hibernate)\.[\w.]*(?:Exception|Error)\b")),
        (".NET stack trace", Rx(@"\bat (?:[A-Z][\w`]*\.){2,}[\w`<>]+\([^)]*\)(?: in [^\r\n]+:line \d+)?")),
        (".NET exception", Rx(@"\bSystem\.(?:[A-Z]\w*\.)*[A-Z]\w*Exception\b")),
        ("Python traceback", Rx(@"Traceback \(most recent call last\):")),
        ("PHP error", Rx(@"(?:Fatal error|Parse error|Warning|Notice)</b>:? .+? on line <b>\d+</b>|PHP (?:Fatal error|Parse error|Warning):")),
        ("Node.js stack trace", Rx(@"\bat (?:Object\.<anonymous>|Module\._compile|Layer\.handle|process\.processTicksAndRejections)\b")),
        ("Ruby stack trace", Rx(@"\.rb:\d+:in `")),
        ("Go panic", Rx(@"\bgoroutine \d+ \[running\]:")),
        ("Django debug page", Rx(@"You're seeing this error because you have <code>DEBUG = True</code>")),
        ("Laravel/Whoops debug page", Rx(@"Whoops, looks like something went wrong|<title>Whoops! There was an error", RegexOptions.IgnoreCase)),
        ("Rails debug page", Rx(@"Action Controller: Exception caught")),
        ("Werkzeug debugger", Rx(@"Werkzeug Debugger|The debugger caught an exception in your WSGI application")),
        ("ASP.NET error page", Rx(@"Server Error in '[^']*' Application|<title>Runtime Error</title>|An unhandled exception occurred while processing the request")),
        ("Spring Whitelabel error page with exception", Rx(@"Whitelabel Error Page[\s\S]{0,2000}?(?:Exception|trace)")),
        ("Express error page", Rx(@"<pre>(?:TypeError|ReferenceError|SyntaxError|Error): [^<]+<br> &nbsp; &nbsp;at ")),
    };

    /// <summary>Database errors (SQL).</summary>
    public static readonly (string Name, Regex Pattern)[] Sql =
    {
        ("MySQL error", Rx(@"You have an error in your SQL syntax|mysql_fetch_|MySqlException|com\.mysql\.jdbc|Warning: mysql_", RegexOptions.IgnoreCase)),
        ("PostgreSQL error", Rx(@"PG::SyntaxError|PSQLException|syntax error at or near ""|unterminated quoted string at or near|pg_query\(\)|Npgsql\.PostgresException")),
        ("SQL Server error", Rx(@"Unclosed quotation mark after the character string|Incorrect syntax near|System\.Data\.SqlClient\.SqlException|Microsoft\.Data\.SqlClient\.SqlException|\[SQL Server\]")),
        ("Oracle error", Rx(@"\bORA-\d{5}\b|quoted string not properly terminated")),
        ("SQLite error", Rx(@"SQLITE_ERROR|sqlite3\.OperationalError|SQLiteException|unrecognized token: ""|near "".{0,40}"": syntax error")),
        ("Generic SQL error", Rx(@"SQLSTATE\[\w+\]|JDBCException|org\.hibernate\.exception\.SQLGrammarException|java\.sql\.SQLException|\[Microsoft\]\[ODBC|\[unixODBC\]", RegexOptions.IgnoreCase)),
    };

    /// <summary>Document-database errors that show an operator reached the query.</summary>
    public static readonly (string Name, Regex Pattern)[] NoSql =
    {
        ("MongoDB error", Rx(@"MongoServerError|MongoError|MongoDB\.Driver\.Mongo\w*Exception|com\.mongodb\.Mongo\w*Exception|pymongo\.errors")),
        ("MongoDB operator error", Rx(@"unknown (?:top level )?operator: \$\w+|\$where is not allowed|BadValue.{0,80}\$\w+|Can't canonicalize query")),
        ("Mongoose cast error", Rx(@"CastError: Cast to \w+ failed for value")),
        ("CouchDB error", Rx(@"""error"":""(?:query_parse_error|bad_request)"".{0,200}""reason""")),
    };

    /// <summary>Server-side file paths in error bodies.</summary>
    public static readonly Regex FilePath = Rx(
        @"(?:/(?:var/www|usr/src/app|usr/local/lib/python\d\.\d+|home/[\w.-]+|opt/[\w.-]+|srv/[\w.-]+|app/(?:src|lib|node_modules))/[\w./-]+\.(?:php|py|rb|js|ts|java|go|cs|jsp)\b|[A-Za-z]:\\(?:inetpub|Users|Program Files|Projects|src|wwwroot)\\[\w\\. -]+\.(?:cs|aspx|php|py|js|java|vb))");

    /// <summary>Contents of well-known system files (path traversal).</summary>
    public static readonly (string Name, Regex Pattern)[] SystemFiles =
    {
        ("/etc/passwd", Rx(@"root:[x*!]?:0:0:")),
        ("win.ini", Rx(@"\[fonts\][\s\S]{0,200}\[extensions\]|; for 16-bit app support")),
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
}
