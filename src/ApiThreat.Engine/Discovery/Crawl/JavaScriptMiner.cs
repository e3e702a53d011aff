using System.Text;
using System.Text.RegularExpressions;

namespace ApiThreat.Engine.Discovery.Crawl;

/// <summary>What a lead found in a page or script is thought to be, which decides how it is probed.</summary>
public enum LeadKind
{
    /// <summary>A path an API client calls: probed with one GET, kept when it answers like an API.</summary>
    ApiPath,
    /// <summary>A GraphQL endpoint URI: probed with POST {__typename}.</summary>
    GraphQl,
    /// <summary>An API description (OpenAPI, Swagger, AsyncAPI...) or a documentation viewer's config.</summary>
    Spec,
    /// <summary>A documentation page (Swagger UI, ReDoc...) that may name a spec.</summary>
    DocPage,
}

/// <summary>One path worth probing on the origin, the method its caller uses when known, and where it was read.</summary>
public sealed record Lead(LeadKind Kind, string Path, string? Method, ApiSource Source, string FoundAt);

/// <summary>What one script gave: leads, specs embedded in it (JSON text), and the source map it names.</summary>
public sealed class ScriptFindings
{
    public List<Lead> Leads { get; } = new();
    public List<string> InlineSpecs { get; } = new();
    public Uri? SourceMap { get; set; }
}

/// <summary>
/// Reads the API an application's JavaScript calls, without running it: a single linear pass over the code that
/// collects string and template literals (comments and regular-expression literals skipped), then judges each by its
/// shape and by the code just before it: fetch/axios/XHR/$.ajax calls, url/baseURL/uri properties, constants
/// (<c>const API = '/api'</c>) reused in template literals or concatenations, GraphQL endpoint URIs, spec URLs, and
/// specs embedded in documentation scripts (swagger-ui-express's <c>"swaggerDoc": {...}</c>, a viewer's inline
/// <c>spec: {...}</c>). Only paths on the document's own origin are kept. A parser would stop at the first syntax error
/// of minified or TypeScript sources (source maps carry TypeScript) and build a tree of a 20 MB bundle; literals are
/// all that is needed, so this scanner is tolerant and allocates only for literals that look like paths.
/// </summary>
public static class JavaScriptMiner
{
    private const int MaxLiteral = 2048;
    private const int MaxConstants = 512;
    private const int ContextChars = 96;
    private const long MaxInlineSpec = 10L * 1024 * 1024;
    private static readonly TimeSpan s_timeout = TimeSpan.FromMilliseconds(50);
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.RightToLeft;

    // The code right before a literal (read right to left): which call or property it is the argument or value of.
    private static readonly Regex s_call = new(
        @"(?:\bfetch|\baxios|\bajax|\bgetJSON|\bky|\bsuperagent|\$http|\bhttp(?:Client)?|\bapi(?:Client)?|\bclient|\brequest|\bthis\.http)\s*(?:\.\s*(?<m>get|post|put|patch|delete|head|request|ajax|getJSON))?\s*\(\s*(?:[\w$.]{1,64}\s*\+\s*)?$" +
        @"|\.\s*(?<m>get|post|put|patch|delete)\s*\(\s*(?:[\w$.]{1,64}\s*\+\s*)?$" +
        @"|\bopen\(\s*[""'](?<m>[A-Za-z]{3,7})[""']\s*,\s*$" +
        @"|\bnew\s+(?:EventSource|WebSocket|Request|URL)\s*\(\s*$",
        Options, s_timeout);
    private static readonly Regex s_property = new(@"(?:[""']?\b(?<p>url|uri|endpoint|href|action|baseURL|baseUrl|apiUrl|apiURL|apiBase|apiRoot|graphqlEndpoint|graphqlUri|httpUri)[""']?)\s*:\s*(?:resolveUrl\(\s*)?$", Options, s_timeout);
    private static readonly Regex s_assignment = new(@"\b(?<id>[A-Za-z_$][\w$]{0,63})\s*(?<!=)=(?!=)\s*$|\b(?<id>[A-Za-z_$][\w$]{0,63})[""']?\s*:\s*$", Options, s_timeout);
    private static readonly Regex s_concat = new(@"\b(?<id>[A-Za-z_$][\w$.]{0,63})\s*\+\s*$", Options, s_timeout);
    private static readonly Regex s_baseName = new(@"^(?:base_?url|api_?(?:url|base|root|prefix|host|endpoint|path|base_?url)?|rest_?(?:url|base|root)|server_?url|backend_?url|baseURL|apiURL)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, s_timeout);
    private static readonly Regex s_inlineSpec = new(@"[""']swaggerDoc[""']\s*:\s*\{|\bspec\s*:\s*\{\s*[""'](?:openapi|swagger|asyncapi)[""']", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(2));
    private static readonly Regex s_apiSegment = new(@"(?:^|/)(?:api|apis|rest|restapi|graphql|gql|rpc|jsonrpc|json|odata|v\d{1,2}(?:\.\d{1,2})?|oauth2?|auth|services?|ws|soap|rs)(?:[/._-]|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, s_timeout);
    private static readonly Regex s_graphql = new(@"(?:^|/)(?:graphql|gql|graphiql)(?:/|$|\?)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, s_timeout);
    private static readonly Regex s_specName = new(@"(?:swagger|openapi|api-docs|apispec|asyncapi)[^/]*\.(?:json|ya?ml)$|/(?:v[23]/)?api-docs$|/swagger-config$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, s_timeout);
    // fetch(url, { method: 'POST' ... }): the method named in the options that follow the URL.
    private static readonly Regex s_fetchMethod = new(@"^\s*,\s*\{[^{}]{0,200}?\bmethod\s*:\s*[""'`](?<m>[A-Za-z]{3,7})[""'`]", RegexOptions.CultureInvariant, s_timeout);
    private static readonly Regex s_viewerScript = new(@"SwaggerUIBundle|SwaggerUi|Redoc\.init|swagger-ui|rapi-doc|@scalar", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>File types that are assets, never API calls (images, styles, fonts, media, pages, scripts).</summary>
    private static readonly HashSet<string> s_assetExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".map", ".css", ".scss", ".less", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".ico",
        ".webp", ".avif", ".bmp", ".woff", ".woff2", ".ttf", ".otf", ".eot", ".mp3", ".mp4", ".webm", ".ogg", ".wav", ".pdf", ".zip",
        ".gz", ".html", ".htm", ".md", ".txt", ".vue", ".svelte", ".wasm", ".swf", ".xhtml", ".php3",
    };

    /// <summary>
    /// Mines one script. <paramref name="document"/> is the page that runs it (relative URLs in scripts resolve
    /// against the page, not the script); <paramref name="script"/> names where it was read, for FoundAt.
    /// </summary>
    public static ScriptFindings Mine(string code, Uri document, string foundAt, ApiSource source = ApiSource.JavaScript, int maxLeads = 256)
    {
        var state = new MineState(code, document, foundAt, source, maxLeads);
        state.Scan();
        state.FindInlineSpecs();
        return state.Findings;
    }

    /// <summary>True when a path's segments say API (/api, /v1, /graphql, /rest, /rpc, /oauth...).</summary>
    public static bool LooksLikeApi(string path)
    {
        try { return s_apiSegment.IsMatch(path); } catch (RegexMatchTimeoutException) { return false; }
    }

    /// <summary>True for a path whose extension is a static asset (image, style, script, font, page...).</summary>
    public static bool IsAsset(string path)
    {
        var q = path.IndexOfAny(new[] { '?', '#' });
        var p = q >= 0 ? path[..q] : path;
        var slash = p.LastIndexOf('/');
        var dot = p.LastIndexOf('.');
        return dot > slash && s_assetExtensions.Contains(p[dot..]);
    }

    /// <summary>True when a path names an API description by its file name (swagger.json, openapi.yaml, /v3/api-docs...).</summary>
    public static bool LooksLikeSpec(string path)
    {
        try { return s_specName.IsMatch(path.Split('?')[0]); } catch (RegexMatchTimeoutException) { return false; }
    }

    private sealed class MineState
    {
        private readonly string _code;
        private readonly Uri _document;
        private readonly string _foundAt;
        private readonly ApiSource _source;
        private readonly int _maxLeads;
        private readonly Dictionary<string, string> _constants = new(StringComparer.Ordinal);
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        private readonly HashSet<string> _judged = new(StringComparer.Ordinal);
        private readonly List<(string Value, int Start, bool Template)> _callLiterals = new();
        private readonly bool _viewer;

        public MineState(string code, Uri document, string foundAt, ApiSource source, int maxLeads)
        {
            _code = code;
            _document = document;
            _foundAt = foundAt;
            _source = source;
            _maxLeads = maxLeads;
            try { _viewer = s_viewerScript.IsMatch(code.Length > 1024 * 1024 ? code[..(1024 * 1024)] : code); } catch (RegexMatchTimeoutException) { }
        }

        public ScriptFindings Findings { get; } = new();

        public void Scan()
        {
            var code = _code;
            var n = code.Length;
            var i = 0;
            var lastSignificant = '\0';
            var lastWordEnd = -1;
            while (i < n && Findings.Leads.Count < _maxLeads)
            {
                var c = code[i];
                if (c == '/' && i + 1 < n && code[i + 1] == '/')
                {
                    var end = code.IndexOf('\n', i);
                    if (end < 0) end = n;
                    ReadSourceMapComment(i + 2, end);
                    i = end;
                    continue;
                }
                if (c == '/' && i + 1 < n && code[i + 1] == '*')
                {
                    var end = code.IndexOf("*/", i + 2, StringComparison.Ordinal);
                    i = end < 0 ? n : end + 2;
                    continue;
                }
                if (c is '"' or '\'')
                {
                    var (value, end) = ReadString(i, c);
                    if (value is not null) OnLiteral(value, i, end, template: false);
                    i = end;
                    lastSignificant = c;
                    continue;
                }
                if (c == '`')
                {
                    var (value, end) = ReadTemplate(i);
                    if (value is not null) OnLiteral(value, i, end, template: true);
                    i = end;
                    lastSignificant = c;
                    continue;
                }
                if (c == '/' && StartsRegex(lastSignificant, lastWordEnd, i))
                {
                    i = SkipRegex(i);
                    lastSignificant = '/';
                    continue;
                }
                if (!char.IsWhiteSpace(c))
                {
                    if (char.IsLetterOrDigit(c) || c is '_' or '$')
                    {
                        var start = i;
                        while (i < n && (char.IsLetterOrDigit(code[i]) || code[i] is '_' or '$')) i++;
                        lastWordEnd = i;
                        lastSignificant = code[i - 1];
                        // A keyword before '/' starts a regex (return /x/), a name divides (a / b).
                        if (i - start <= 10 && IsKeywordBeforeRegex(code.AsSpan(start, i - start))) lastSignificant = '(';
                        continue;
                    }
                    lastSignificant = c;
                }
                i++;
            }
        }

        private static bool IsKeywordBeforeRegex(ReadOnlySpan<char> word) =>
            word is "return" or "typeof" or "case" or "do" or "else" or "in" or "of" or "new" or "delete" or "void" or "throw" or "yield" or "await";

        private static bool StartsRegex(char previous, int lastWordEnd, int i) =>
            previous is '\0' or '(' or ',' or '=' or ':' or '[' or '!' or '&' or '|' or '?' or '{' or '}' or ';' or '+' or '-' or '*' or '%' or '<' or '>' or '~' or '^';

        private int SkipRegex(int i)
        {
            var code = _code;
            var inClass = false;
            for (var j = i + 1; j < code.Length; j++)
            {
                var c = code[j];
                if (c == '\n') return j;
                if (c == '\\') { j++; continue; }
                if (c == '[') inClass = true;
                else if (c == ']') inClass = false;
                else if (c == '/' && !inClass) return j + 1;
            }
            return code.Length;
        }

        /// <summary>A quoted string: its decoded value (null when too long or unterminated) and the index after it.</summary>
        private (string? Value, int End) ReadString(int start, char quote)
        {
            var code = _code;
            StringBuilder? sb = null;
            var plainStart = start + 1;
            for (var j = start + 1; j < code.Length; j++)
            {
                var c = code[j];
                if (c == quote)
                {
                    var length = j - start - 1;
                    if (length > MaxLiteral) return (null, j + 1);
                    if (sb is null) return (Worth(code.AsSpan(plainStart, j - plainStart)) ? code.Substring(plainStart, j - plainStart) : null, j + 1);
                    sb.Append(code, plainStart, j - plainStart);
                    return (sb.ToString(), j + 1);
                }
                if (c == '\n') return (null, j);
                if (c == '\\' && j + 1 < code.Length)
                {
                    if (j - start > MaxLiteral) { sb = null; continue; }
                    sb ??= new StringBuilder();
                    sb.Append(code, plainStart, j - plainStart);
                    var e = code[j + 1];
                    if (e == 'u' && j + 5 < code.Length && int.TryParse(code.AsSpan(j + 2, 4), System.Globalization.NumberStyles.HexNumber, null, out var u))
                    {
                        sb.Append((char)u);
                        j += 5;
                    }
                    else
                    {
                        sb.Append(e switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => e });
                        j += 1;
                    }
                    plainStart = j + 1;
                }
            }
            return (null, code.Length);
        }

        /// <summary>A template literal with each ${expression} replaced by a known constant or a {name} placeholder.</summary>
        private (string? Value, int End) ReadTemplate(int start)
        {
            var code = _code;
            var sb = new StringBuilder();
            var tooLong = false;
            for (var j = start + 1; j < code.Length; j++)
            {
                var c = code[j];
                if (c == '`') return (tooLong ? null : sb.ToString(), j + 1);
                if (c == '\\' && j + 1 < code.Length) { if (!tooLong) sb.Append(code[j + 1]); j++; continue; }
                if (c == '$' && j + 1 < code.Length && code[j + 1] == '{')
                {
                    var end = MatchingBrace(j + 1);
                    if (end < 0) return (null, code.Length);
                    if (!tooLong) sb.Append(Substitute(code.AsSpan(j + 2, end - j - 2).Trim()));
                    j = end;
                    continue;
                }
                if (!tooLong) sb.Append(c);
                if (sb.Length > MaxLiteral) tooLong = true;
            }
            return (null, code.Length);
        }

        /// <summary>The index of the '}' closing the '{' at <paramref name="open"/>, skipping nested strings; -1 when none.</summary>
        private int MatchingBrace(int open)
        {
            var code = _code;
            var depth = 0;
            var limit = Math.Min(code.Length, open + MaxInlineSpec);
            for (var j = open; j < limit; j++)
            {
                var c = code[j];
                if (c is '"' or '\'' or '`')
                {
                    for (j++; j < limit && code[j] != c; j++)
                        if (code[j] == '\\') j++;
                    continue;
                }
                if (c == '{') depth++;
                else if (c == '}' && --depth == 0) return j;
            }
            return -1;
        }

        private string Substitute(ReadOnlySpan<char> expression)
        {
            var name = expression.ToString();
            if (_constants.TryGetValue(name, out var value)) return value;
            var dot = name.LastIndexOf('.');
            var last = dot >= 0 ? name[(dot + 1)..] : name;
            if (_constants.TryGetValue(last, out value)) return value;
            return IsIdentifier(last) ? "{" + last + "}" : "{param}";
        }

        private static bool IsIdentifier(string s) =>
            s.Length is > 0 and <= 40 && (char.IsLetter(s[0]) || s[0] == '_') && s.All(ch => char.IsLetterOrDigit(ch) || ch == '_');

        /// <summary>Cheap first look: only literals that could be a path or URL are allocated and judged.</summary>
        private static bool Worth(ReadOnlySpan<char> s) =>
            s.Length is >= 1 and <= MaxLiteral && (s.Contains('/') || s.Length <= 64 && !s.Contains(' '));

        /// <summary>For "x(NAME + 'literal'": whether an opening parenthesis comes right before the operand of the '+'.</summary>
        private bool ParenBeforeOperand(int literalStart)
        {
            var j = literalStart - 1;
            while (j >= 0 && char.IsWhiteSpace(_code[j])) j--;
            j--; // the '+'
            while (j >= 0 && char.IsWhiteSpace(_code[j])) j--;
            var stop = Math.Max(0, j - 64);
            while (j >= stop && (char.IsLetterOrDigit(_code[j]) || _code[j] is '_' or '$' or '.')) j--;
            while (j >= 0 && char.IsWhiteSpace(_code[j])) j--;
            return j >= 0 && _code[j] == '(';
        }

        private char LastNonSpace(int before)
        {
            for (var j = before - 1; j >= 0 && j >= before - 16; j--)
                if (!char.IsWhiteSpace(_code[j])) return _code[j];
            return '\0';
        }

        private void ReadSourceMapComment(int from, int end)
        {
            var line = _code.AsSpan(from, end - from).Trim();
            if (line.Length < 2 || line[0] is not ('#' or '@')) return;
            line = line[1..].TrimStart();
            const string marker = "sourceMappingURL=";
            if (!line.StartsWith(marker, StringComparison.Ordinal)) return;
            var url = line[marker.Length..].Trim().ToString();
            if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase) || url.Length > 2048) return;
            if (Uri.TryCreate(_foundAt, UriKind.Absolute, out var script) && Uri.TryCreate(script, url, out var map) && SameOrigin(map)) Findings.SourceMap = map;
        }

        private void OnLiteral(string value, int start, int end, bool template)
        {
            if (value.Length < 2 || value.Length > MaxLiteral) return;
            // The character before the literal says which readings are possible; only those run (a 20 MB bundle has
            // hundreds of thousands of literals, most after operators that make none of them possible).
            var prev = LastNonSpace(start);
            var maybeCall = prev is '(' or ',' || prev == '+' && ParenBeforeOperand(start);
            var maybeProperty = prev is ':' or '(';
            var maybeAssignment = !template && prev is '=' or ':' && (value.StartsWith('/') || value.StartsWith("http", StringComparison.OrdinalIgnoreCase));
            var maybeConcat = prev == '+';
            // Without a slash, only the argument of a call or the value of a property can be a (relative) path.
            if (!value.Contains('/') && prev is not ('(' or ':')) return;
            string? method = null;
            var call = false;
            var property = (string?)null;
            if (maybeCall || maybeProperty || maybeAssignment || maybeConcat)
            {
                var contextStart = Math.Max(0, start - ContextChars);
                var context = _code.AsSpan(contextStart, start - contextStart).TrimEnd().ToString();
                try
                {
                    var m = maybeCall ? s_call.Match(context) : Match.Empty;
                    if (m.Success)
                    {
                        call = true;
                        method = m.Groups["m"].Success ? m.Groups["m"].Value.ToUpperInvariant() : null;
                        if (method is "REQUEST" or "AJAX" or "GETJSON") method = method == "GETJSON" ? "GET" : null;
                    }
                    var p = maybeProperty ? s_property.Match(context) : Match.Empty;
                    if (p.Success) property = p.Groups["p"].Value;
                    // A constant that holds a path or URL: remembered for template literals and concatenations after it.
                    if (maybeAssignment && _constants.Count < MaxConstants)
                    {
                        var a = s_assignment.Match(context);
                        if (a.Success)
                        {
                            var id = a.Groups["id"].Value;
                            _constants.TryAdd(id, value.TrimEnd('/'));
                            if (s_baseName.IsMatch(id)) property ??= "baseURL";
                        }
                    }
                    var concat = maybeConcat && _constants.Count > 0 ? s_concat.Match(context) : Match.Empty;
                    if (concat.Success && _constants.TryGetValue(concat.Groups["id"].Value, out var prefix) && value.StartsWith('/')) value = prefix + value;
                    if (call && method is null)
                    {
                        var after = _code.AsSpan(end, Math.Min(256, _code.Length - end)).ToString();
                        var fm = s_fetchMethod.Match(after);
                        if (fm.Success) method = fm.Groups["m"].Value.ToUpperInvariant();
                    }
                }
                catch (RegexMatchTimeoutException) { return; }
            }

            // A literal read without context is judged by its value alone: once per distinct value (minified bundles
            // repeat the same strings thousands of times).
            if (!call && property is null && !_judged.Add(value)) return;
            if (!TryResolve(value, out var path, out var relative)) return;
            if (relative && !call && property is null) return;
            if (IsAsset(path))
            {
                if (LooksLikeSpec(path)) Add(LeadKind.Spec, path, null);
                return;
            }
            bool graphql, spec;
            try
            {
                graphql = s_graphql.IsMatch(path) || property is "graphqlEndpoint" or "graphqlUri" or "httpUri";
                spec = s_specName.IsMatch(path.Split('?')[0]) || (_viewer && property is "url" && !call);
            }
            catch (RegexMatchTimeoutException) { return; }
            if (spec) { Add(LeadKind.Spec, path, null); return; }
            if (graphql) { Add(LeadKind.GraphQl, path, method); return; }
            if (call || property is "baseURL" or "baseUrl" or "apiUrl" or "apiURL" or "apiBase" or "apiRoot" or "endpoint" || LooksLikeApi(path))
                Add(LeadKind.ApiPath, path, method);
        }

        /// <summary>The same-origin path (and query) a literal names, when it looks like a URL path at all.</summary>
        private bool TryResolve(string value, out string path, out bool relative)
        {
            path = "";
            relative = false;
            var v = value.Trim();
            if (v.Length < 2 || v.Length > 512) return false;
            foreach (var ch in v)
                if (char.IsWhiteSpace(ch) || ch is '<' or '>' or '"' or '\'' or '`' or '\\' or '|' or '^' or '(' or ')' or ',' or ';' or '*' or '!' or '@') return false;
            if (v.StartsWith("//", StringComparison.Ordinal)) return false;
            Uri? u;
            if (v.StartsWith('/'))
            {
                if (!Uri.TryCreate(_document, v, out u)) return false;
            }
            else if (v.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || v.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                if (!Uri.TryCreate(v, UriKind.Absolute, out u) || !SameOrigin(u)) return false;
            }
            else
            {
                // Relative: "./json", "db", "api/users" — only letters, digits and path punctuation, and a letter first.
                if (!(char.IsLetter(v[0]) || v.StartsWith("./", StringComparison.Ordinal) || v.StartsWith("../", StringComparison.Ordinal))) return false;
                if (v.Contains(':') || v.Contains('=') && !v.Contains('?')) return false;
                if (!Uri.TryCreate(_document, v, out u)) return false;
                relative = true;
            }
            if (!SameOrigin(u) || u.AbsolutePath.Length < 2) return false;
            // Placeholders from templates ({id}) stay as written; the rest as the URI normalises it.
            path = Uri.UnescapeDataString(u.AbsolutePath) + (u.Query.Length > 1 ? u.Query : "");
            return path.Any(char.IsLetter);
        }

        private bool SameOrigin(Uri u) =>
            u.Scheme is "http" or "https" && string.Equals(u.Scheme, _document.Scheme, StringComparison.Ordinal) && u.Port == _document.Port
            && string.Equals(u.IdnHost, _document.IdnHost, StringComparison.OrdinalIgnoreCase);

        private void Add(LeadKind kind, string path, string? method)
        {
            if (Findings.Leads.Count >= _maxLeads || !_seen.Add($"{kind} {method} {path}")) return;
            Findings.Leads.Add(new Lead(kind, path, method, _source, _foundAt));
        }

        /// <summary>Specs a documentation script carries in itself: the JSON object after "swaggerDoc": or spec:.</summary>
        public void FindInlineSpecs()
        {
            try
            {
                foreach (Match m in s_inlineSpec.Matches(_code))
                {
                    var open = _code.IndexOf('{', m.Index + (m.Value.StartsWith("spec", StringComparison.Ordinal) ? 4 : 1));
                    if (open < 0) continue;
                    var close = MatchingBrace(open);
                    if (close < 0) continue;
                    Findings.InlineSpecs.Add(_code.Substring(open, close - open + 1));
                    if (Findings.InlineSpecs.Count >= 2) return;
                }
            }
            catch (RegexMatchTimeoutException) { }
        }
    }
}
