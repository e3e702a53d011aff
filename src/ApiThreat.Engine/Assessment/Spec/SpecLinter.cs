using System.Net;
using System.Text.RegularExpressions;
using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Specs;
using Microsoft.OpenApi;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Spec;

/// <summary>
/// Lints a parsed OpenAPI/Swagger document for security design flaws (<see cref="SpecRules"/>). One finding per rule
/// and place: an operation ("POST /users"), a security scheme, a server, or a component schema. Schemas are walked
/// once each (references are followed once, cycles stop), with a budget so a hostile document cannot make it slow.
/// </summary>
public static class SpecLinter
{
    private const int SchemaBudget = 200_000;
    private const int MaxListed = 8;
    private static readonly TimeSpan s_regexTimeout = TimeSpan.FromMilliseconds(100);
    private static readonly HashSet<string> s_unsafe = new(StringComparer.OrdinalIgnoreCase) { "POST", "PUT", "PATCH", "DELETE" };

    internal static readonly Regex AdminPath = new(
        @"(^|/)(_?admin(istrat\w*)?|_?debug|_?internal|actuator|management|manage|metrics|heapdump|dump|env|console|sysadmin|superuser|root|ops|private|_?system|config(uration)?|diagnostics?|phpinfo)(/|$|[._\-{])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, s_regexTimeout);
    // Endpoints that are unauthenticated by nature: signing in, signing up, getting tokens, health probes.
    private static readonly Regex s_publicByNature = new(
        @"(^|/)(log-?in|sign-?in|sign-?up|register|registration|token|oauth2?|authorize|auth|forgot[-_]?password|password[-_]?reset|reset[-_]?password|refresh|logout|health[z]?|ping|status|\.well-known|openapi(\.json|\.ya?ml)?|swagger(\.json)?|api-docs)(/|$)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, s_regexTimeout);
    private static readonly Regex s_credentialName = new(
        @"(client_?secret|secret|passw(or)?d|pwd|passphrase|api[-_]?key|apikey|access_?token|refresh_?token|id_?token|auth_?token|token|session_?id|private_?key)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, s_regexTimeout);
    private static readonly Regex s_idName = new(@"^(id|.*(_id|Id|-id|ID))$", RegexOptions.CultureInvariant, s_regexTimeout);
    private static readonly Regex s_urlName = new(
        @"^(url|uri|.*(_url|Url|_uri|Uri|-url|-uri)|callback|callback_?url|webhook|webhook_?url|redirect|redirect_?(uri|url|to)|return_?(url|to)|next|continue|dest|destination|target|endpoint|link|href|feed|proxy|fetch|image_?src|src)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, s_regexTimeout);
    private static readonly Regex s_nonProdLabel = new(
        @"(^|[.\-_])(dev|develop|development|test|testing|tst|qa|uat|stage|staging|stg|sandbox|preprod|pre-prod|demo|local|localhost|internal|intranet|corp|lan|int|beta|canary)([.\-_0-9]|$)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, s_regexTimeout);
    private static readonly Regex s_environmentWord = new(
        @"\b(production|prod|staging|stage|development|dev|test|testing|sandbox|local|qa|uat|pre-?prod|demo|internal|public)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, s_regexTimeout);
    private static readonly HashSet<string> s_boundedFormats = new(StringComparer.OrdinalIgnoreCase)
    {
        "date", "date-time", "time", "uuid", "ipv4", "ipv6", "byte", "int32", "int64", "duration", "email", "hostname",
    };

    public static IReadOnlyList<Finding> Lint(SpecDocument spec, string target, CancellationToken cancellationToken = default)
    {
        var context = new LintContext(spec, target, cancellationToken);
        context.Run();
        return context.Findings;
    }

    private sealed class LintContext
    {
        private readonly SpecDocument _spec;
        private readonly OpenApiDocument _doc;
        private readonly string _target;
        private readonly CancellationToken _ct;
        private readonly HashSet<(string Rule, string Location)> _seen = new();
        private readonly HashSet<string> _visitedComponents = new(StringComparer.Ordinal);
        private int _budget = SchemaBudget;

        public List<Finding> Findings { get; } = new();

        public LintContext(SpecDocument spec, string target, CancellationToken ct)
        {
            _spec = spec;
            _doc = spec.Document;
            _target = target;
            _ct = ct;
        }

        private void Add(ThreatRule rule, string location, string evidence, Confidence confidence = Confidence.Firm)
        {
            if (!_seen.Add((rule.Id, location))) return;
            Findings.Add(rule.ToFinding(_target, $"{location}: {evidence}", confidence, location: location));
        }

        public void Run()
        {
            LintSchemes();
            LintServers();
            LintOperations();
            LintComponentSchemas();
        }

        private void LintSchemes()
        {
            foreach (var (name, scheme) in _doc.Components?.SecuritySchemes ?? new Dictionary<string, IOpenApiSecurityScheme>())
            {
                var where = $"#/components/securitySchemes/{name}";
                var httpScheme = scheme.Scheme?.Trim().ToLowerInvariant();
                if (scheme.Type == SecuritySchemeType.Http && httpScheme == "basic")
                    Add(SpecRules.HttpBasic, where, "type http, scheme basic");
                if (scheme.Type == SecuritySchemeType.Http && httpScheme is "negotiate" or "ntlm" or "oauth" or "digest")
                    Add(SpecRules.InsecureAuthScheme, where, $"type http, scheme {httpScheme}");
                if (scheme.Type == SecuritySchemeType.ApiKey && scheme.In is ParameterLocation.Query or ParameterLocation.Path)
                    Add(SpecRules.ApiKeyInUrl, where, $"apiKey '{scheme.Name}' in {scheme.In.ToString()!.ToLowerInvariant()}");
                var isJwt = scheme.Type == SecuritySchemeType.OAuth2 ||
                            (scheme.Type == SecuritySchemeType.Http && string.Equals(scheme.BearerFormat, "JWT", StringComparison.OrdinalIgnoreCase));
                if (isJwt && !(scheme.Description ?? "").Contains("RFC8725", StringComparison.OrdinalIgnoreCase) &&
                    !(scheme.Description ?? "").Contains("RFC 8725", StringComparison.OrdinalIgnoreCase))
                    Add(SpecRules.JwtPractices, where, scheme.Type == SecuritySchemeType.OAuth2 ? "oauth2 scheme, description does not mention RFC 8725" : "bearerFormat JWT, description does not mention RFC 8725");
                if (scheme.Type == SecuritySchemeType.OAuth2 && scheme.Flows is { } flows)
                {
                    var deprecated = new List<string>();
                    if (flows.Implicit is not null) deprecated.Add("implicit");
                    if (flows.Password is not null) deprecated.Add("password");
                    if (deprecated.Count > 0) Add(SpecRules.DeprecatedOAuthFlow, where, "flows: " + string.Join(", ", deprecated));
                    var noRefresh = new List<string>();
                    if (flows.Password is { RefreshUrl: null }) noRefresh.Add("password");
                    if (flows.AuthorizationCode is { RefreshUrl: null }) noRefresh.Add("authorizationCode");
                    if (flows.DeviceAuthorization is { RefreshUrl: null }) noRefresh.Add("deviceAuthorization");
                    if (noRefresh.Count > 0) Add(SpecRules.NoRefreshUrl, where, "no refreshUrl on " + string.Join(", ", noRefresh));
                }
            }
        }

        private void LintServers()
        {
            var servers = _doc.Servers ?? new List<OpenApiServer>();
            for (var i = 0; i < servers.Count; i++)
            {
                var server = servers[i];
                var url = server.Url ?? "";
                var where = $"#/servers/{i}";
                var resolved = Substitute(server);
                Uri.TryCreate(resolved, UriKind.Absolute, out var uri);
                if (resolved.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || resolved.StartsWith("ws://", StringComparison.OrdinalIgnoreCase))
                    Add(SpecRules.HttpServer, where, url);
                if (uri is not null && !string.IsNullOrEmpty(uri.UserInfo))
                    Add(SpecRules.CredentialsInUrl, where, "server URL carries user information");
                var description = server.Description ?? "";
                var hostFlag = uri is not null && IsNonProductionHost(uri.Host);
                var descFlag = Regex.IsMatch(description, @"\b(dev|development|test|testing|staging|stage|sandbox|local|internal|qa|uat|pre-?prod)\b", RegexOptions.IgnoreCase, s_regexTimeout);
                var internalExt = server.Extensions is not null && server.Extensions.TryGetValue("x-internal", out var ext) &&
                                  ext is JsonNodeExtension { Node: { } node } && node.ToString().Equals("true", StringComparison.OrdinalIgnoreCase);
                if (hostFlag || descFlag || internalExt)
                    Add(SpecRules.InternalServer, where, string.IsNullOrEmpty(description) ? url : $"{url} ({TextSafety.Truncate(description, 100)})");
                var declaresAudience = server.Extensions?.ContainsKey("x-internal") == true;
                if (!declaresAudience && !s_environmentWord.IsMatch(description))
                    Add(SpecRules.ServerAudienceUndeclared, where, url);
            }
        }

        private static string Substitute(OpenApiServer server)
        {
            var url = server.Url ?? "";
            foreach (var (name, variable) in server.Variables ?? new Dictionary<string, OpenApiServerVariable>())
                url = url.Replace("{" + name + "}", variable.Default ?? "");
            return url;
        }

        internal static bool IsNonProductionHost(string host)
        {
            if (string.IsNullOrEmpty(host)) return false;
            if (IPAddress.TryParse(host.Trim('[', ']'), out var ip))
                return Net.AddressClassifier.IsNonPublic(ip);
            if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
            var labels = host.ToLowerInvariant().Split('.');
            if (labels.Length > 0 && labels[^1] is "local" or "internal" or "lan" or "corp" or "intranet" or "localdomain" or "home" or "test" or "example" or "invalid") return true;
            // Only the labels left of the registrable domain say what the host is (api-dev.contoso.com, staging.contoso.com).
            var sub = string.Join('.', labels.Take(Math.Max(0, labels.Length - 2)));
            return sub.Length > 0 && s_nonProdLabel.IsMatch(sub);
        }

        private void LintOperations()
        {
            var ops = new List<(string Method, string Path, OpenApiOperation Op, IList<IOpenApiParameter> Parameters)>();
            foreach (var (path, item) in _doc.Paths ?? new OpenApiPaths())
            {
                IDictionary<System.Net.Http.HttpMethod, OpenApiOperation>? operations;
                IList<IOpenApiParameter>? pathParameters;
                try { operations = item?.Operations; pathParameters = item?.Parameters; }
                catch (Exception ex) when (ex is InvalidOperationException or NullReferenceException) { continue; }
                if (operations is null) continue;
                foreach (var (method, op) in operations)
                {
                    var parameters = new List<IOpenApiParameter>();
                    foreach (var p in op.Parameters ?? new List<IOpenApiParameter>()) parameters.Add(p);
                    foreach (var p in pathParameters ?? new List<IOpenApiParameter>())
                        if (!parameters.Any(q => q.Name == p.Name && q.In == p.In)) parameters.Add(p);
                    ops.Add((method.Method.ToUpperInvariant(), path, op, parameters));
                }
            }

            // Schemes protecting ordinary (non-admin) operations, for the function-level authorization rule.
            var ordinarySchemes = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (_, path, op, _) in ops)
                if (!IsAdmin(path)) foreach (var s in SpecLoader.SchemeNames(op.Security ?? _doc.Security)) ordinarySchemes.Add(s);

            foreach (var (method, path, op, parameters) in ops)
            {
                _ct.ThrowIfCancellationRequested();
                var where = $"{method} {path}";
                var security = op.Security ?? _doc.Security;
                var anonymous = security is null || security.Count == 0 || security.Any(r => r.Count == 0);
                var admin = IsAdmin(path);
                var why = security is null || security.Count == 0
                    ? (op.Security is { Count: 0 } ? "explicit empty security" : "no security requirement")
                    : "an empty {} alternative makes security optional";

                if (anonymous && admin) Add(SpecRules.UnprotectedAdmin, where, why);
                else if (anonymous && !IsPublicByNature(path))
                {
                    if (s_unsafe.Contains(method)) Add(SpecRules.UnprotectedWrite, where, why);
                    else if (method is "GET" or "HEAD") Add(SpecRules.UnprotectedRead, where, why, Confidence.Tentative);
                }
                if (!anonymous && admin)
                {
                    var names = SpecLoader.SchemeNames(security);
                    if (names.Length > 0 && names.All(ordinarySchemes.Contains))
                        Add(SpecRules.AdminSharesSecurity, where, "schemes " + string.Join(", ", names) + " also protect non-administrative operations");
                }

                LintResponses(where, op, !anonymous, parameters.Count > 0 || op.RequestBody is not null);
                LintParameters(where, parameters);
                LintBodies(where, op);
            }
        }

        private static bool IsAdmin(string path) => Safe(() => AdminPath.IsMatch(path));
        private static bool IsPublicByNature(string path) => path == "/" || Safe(() => s_publicByNature.IsMatch(path));

        private static bool Safe(Func<bool> f)
        {
            try { return f(); } catch (RegexMatchTimeoutException) { return false; }
        }

        private void LintResponses(string where, OpenApiOperation op, bool secured, bool takesInput)
        {
            var responses = op.Responses ?? new OpenApiResponses();
            bool Has(params string[] codes) => codes.Any(c => responses.Keys.Any(k => k.Equals(c, StringComparison.OrdinalIgnoreCase)));
            if (secured && !Has("401", "403", "4XX")) Add(SpecRules.NoAuthErrorResponses, where, "responses: " + string.Join(", ", responses.Keys));
            if (!Has("429", "4XX")) Add(SpecRules.No429Response, where, "responses: " + string.Join(", ", responses.Keys));
            if (!Has("500", "5XX", "default")) Add(SpecRules.No500Response, where, "responses: " + string.Join(", ", responses.Keys));
            if (takesInput && !Has("400", "422", "4XX")) Add(SpecRules.NoValidationResponse, where, "responses: " + string.Join(", ", responses.Keys));
            if (responses.TryGetValue("429", out var tooMany) && !HasHeader(tooMany, "Retry-After"))
                Add(SpecRules.NoRetryAfter, where, "429 declares no Retry-After header");
            var success = responses.Where(r => r.Key.StartsWith('2')).Select(r => r.Value).ToList();
            if (success.Count > 0 && !success.Any(r => HasHeader(r, "RateLimit-Limit", "RateLimit", "RateLimit-Policy", "X-RateLimit-Limit", "X-Rate-Limit-Limit")))
                Add(SpecRules.NoRateLimitHeaders, where, "no RateLimit-*/X-RateLimit-* header on 2xx responses");
            if (responses.Count > 0 && !responses.Values.Any(r => HasHeader(r, "Access-Control-Allow-Origin")))
                Add(SpecRules.NoCorsOrigin, where, "no response declares Access-Control-Allow-Origin");
        }

        private static bool HasHeader(IOpenApiResponse? response, params string[] names)
        {
            try
            {
                var headers = response?.Headers;
                return headers is not null && headers.Keys.Any(k => names.Any(n => k.Equals(n, StringComparison.OrdinalIgnoreCase)));
            }
            catch (Exception ex) when (ex is InvalidOperationException or NullReferenceException) { return false; }
        }

        private void LintParameters(string where, IList<IOpenApiParameter> parameters)
        {
            var credentials = new List<string>();
            var numericIds = new List<string>();
            var urls = new List<string>();
            foreach (var p in parameters)
            {
                string? name; ParameterLocation? location; IOpenApiSchema? schema;
                try { name = p.Name; location = p.In; schema = p.Schema; }
                catch (Exception ex) when (ex is InvalidOperationException or NullReferenceException) { continue; }
                if (string.IsNullOrEmpty(name)) continue;
                var inUrl = location is ParameterLocation.Query or ParameterLocation.Path;
                if (inUrl && Safe(() => s_credentialName.IsMatch(name))) credentials.Add($"{name} (in {location.ToString()!.ToLowerInvariant()})");
                if (location == ParameterLocation.Path && Safe(() => s_idName.IsMatch(name)) && schema is not null && IsOfType(schema, JsonSchemaType.Integer | JsonSchemaType.Number))
                    numericIds.Add(name);
                if (location is not ParameterLocation.Header && (Safe(() => s_urlName.IsMatch(name)) || (schema is not null && IsUrlFormat(schema))))
                    urls.Add(name);
                if (schema is not null) WalkSchema(schema, where, $"parameter {name}", inRequestBody: false, depth: 0);
            }
            if (credentials.Count > 0) Add(SpecRules.CredentialsInUrl, where, "parameters " + string.Join(", ", credentials));
            if (numericIds.Count > 0) Add(SpecRules.NumericId, where, "integer path parameters " + string.Join(", ", numericIds));
            if (urls.Count > 0) Add(SpecRules.UrlParameter, where, "parameters " + string.Join(", ", urls));
        }

        private void LintBodies(string where, OpenApiOperation op)
        {
            IDictionary<string, IOpenApiMediaType>? content = null;
            try { content = op.RequestBody?.Content; } catch (Exception ex) when (ex is InvalidOperationException or NullReferenceException) { }
            foreach (var (type, media) in content ?? new Dictionary<string, IOpenApiMediaType>())
            {
                IOpenApiSchema? schema;
                try { schema = media?.Schema; } catch (Exception ex) when (ex is InvalidOperationException or NullReferenceException) { continue; }
                if (schema is null) continue;
                var urlProps = new List<string>();
                CollectUrlProperties(schema, "", urlProps, 0, new HashSet<IOpenApiSchema>(ReferenceEqualityComparer.Instance));
                if (urlProps.Count > 0) Add(SpecRules.UrlParameter, where, "request properties " + string.Join(", ", urlProps.Take(MaxListed)));
                WalkSchema(schema, where, $"request body ({type})", inRequestBody: true, depth: 0);
            }
            foreach (var (code, response) in op.Responses ?? new OpenApiResponses())
            {
                IDictionary<string, IOpenApiMediaType>? responseContent;
                try { responseContent = response?.Content; } catch (Exception ex) when (ex is InvalidOperationException or NullReferenceException) { continue; }
                foreach (var (type, media) in responseContent ?? new Dictionary<string, IOpenApiMediaType>())
                {
                    IOpenApiSchema? schema;
                    try { schema = media?.Schema; } catch (Exception ex) when (ex is InvalidOperationException or NullReferenceException) { continue; }
                    if (schema is not null) WalkSchema(schema, where, $"response {code} ({type})", inRequestBody: false, depth: 0);
                }
            }
        }

        private void CollectUrlProperties(IOpenApiSchema schema, string prefix, List<string> found, int depth, HashSet<IOpenApiSchema> seen)
        {
            if (depth > 8 || found.Count > MaxListed || !seen.Add(schema)) return;
            try
            {
                foreach (var (name, property) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
                {
                    if (property is null) continue;
                    if (Safe(() => s_urlName.IsMatch(name)) || IsUrlFormat(property)) found.Add(prefix + name);
                    CollectUrlProperties(property, prefix + name + ".", found, depth + 1, seen);
                }
                foreach (var part in (schema.AllOf ?? Array.Empty<IOpenApiSchema>()).Concat(schema.OneOf ?? Array.Empty<IOpenApiSchema>()).Concat(schema.AnyOf ?? Array.Empty<IOpenApiSchema>()))
                    if (part is not null) CollectUrlProperties(part, prefix, found, depth + 1, seen);
                if (schema.Items is { } items) CollectUrlProperties(items, prefix + "[].", found, depth + 1, seen);
            }
            catch (Exception ex) when (ex is InvalidOperationException or NullReferenceException) { }
        }

        private static bool IsUrlFormat(IOpenApiSchema schema) =>
            schema.Format is { } f && (f.Equals("uri", StringComparison.OrdinalIgnoreCase) || f.Equals("url", StringComparison.OrdinalIgnoreCase) || f.Equals("uri-reference", StringComparison.OrdinalIgnoreCase) || f.Equals("iri", StringComparison.OrdinalIgnoreCase));

        private static bool IsOfType(IOpenApiSchema schema, JsonSchemaType type) =>
            schema.Type is { } t && (t & type) != 0;

        private void LintComponentSchemas()
        {
            foreach (var (name, schema) in _doc.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>())
            {
                if (schema is null || _visitedComponents.Contains(name)) continue;
                _visitedComponents.Add(name);
                WalkSchema(schema, $"#/components/schemas/{name}", "", inRequestBody: false, depth: 0);
            }
        }

        /// <summary>
        /// Checks one schema and its sub-schemas. A reference to a component schema is checked once, under the
        /// component's own location, so a schema used by fifty operations gives one finding, not fifty.
        /// Request-body context is kept through references: mass assignment is about what the server binds.
        /// </summary>
        private void WalkSchema(IOpenApiSchema schema, string owner, string pointer, bool inRequestBody, int depth)
        {
            if (--_budget < 0 || depth > 64) return;
            _ct.ThrowIfCancellationRequested();
            if (schema is OpenApiSchemaReference reference && reference.Reference?.Id is { } id)
            {
                var key = inRequestBody ? "body:" + id : id;
                if (!_visitedComponents.Add(key)) return;
                IOpenApiSchema? targetSchema;
                try { targetSchema = reference.Target; }
                catch (Exception ex) when (ex is InvalidOperationException or NullReferenceException) { return; }
                if (targetSchema is null || ReferenceEquals(targetSchema, schema)) return;
                WalkSchema(targetSchema, $"#/components/schemas/{id}", "", inRequestBody, depth + 1);
                return;
            }

            var at = pointer.Length == 0 ? "(root)" : pointer;
            var type = schema.Type;
            if (type is { } t)
            {
                if ((t & JsonSchemaType.String) != 0 && schema.Enum is not { Count: > 0 } && schema.Const is null)
                {
                    if (schema.MaxLength is null && !(schema.Format is { } fmt && s_boundedFormats.Contains(fmt)))
                        AddListed(SpecRules.UnboundedString, owner, at);
                    if (schema.Format is null && schema.Pattern is null)
                        AddListed(SpecRules.UnrestrictedString, owner, at);
                }
                if ((t & JsonSchemaType.Array) != 0 && schema.MaxItems is null)
                    AddListed(SpecRules.UnboundedArray, owner, at);
                if ((t & JsonSchemaType.Integer) != 0 && schema.Enum is not { Count: > 0 } && schema.Const is null)
                {
                    if ((schema.Maximum is null && schema.ExclusiveMaximum is null) || (schema.Minimum is null && schema.ExclusiveMinimum is null))
                        AddListed(SpecRules.UnboundedInteger, owner, at);
                    if (schema.Format is null || !(schema.Format.Equals("int32", StringComparison.OrdinalIgnoreCase) || schema.Format.Equals("int64", StringComparison.OrdinalIgnoreCase)))
                        AddListed(SpecRules.IntegerFormat, owner, at);
                }
                if (inRequestBody && (t & JsonSchemaType.Object) != 0 && schema.MaxProperties is null && IsOpen(schema))
                    AddListed(SpecRules.OpenAdditionalProperties, owner, at);
            }

            IDictionary<string, IOpenApiSchema>? properties;
            try { properties = schema.Properties; } catch (Exception ex) when (ex is InvalidOperationException or NullReferenceException) { return; }
            foreach (var (name, property) in properties ?? new Dictionary<string, IOpenApiSchema>())
                if (property is not null) WalkSchema(property, owner, Join(pointer, name), inRequestBody, depth + 1);
            if (schema.Items is { } items) WalkSchema(items, owner, Join(pointer, "[]"), inRequestBody, depth + 1);
            if (schema.AdditionalProperties is { } additional) WalkSchema(additional, owner, Join(pointer, "{}"), inRequestBody, depth + 1);
            foreach (var part in (schema.AllOf ?? Array.Empty<IOpenApiSchema>()).Concat(schema.OneOf ?? Array.Empty<IOpenApiSchema>()).Concat(schema.AnyOf ?? Array.Empty<IOpenApiSchema>()))
                if (part is not null) WalkSchema(part, owner, pointer, inRequestBody, depth + 1);
        }

        /// <summary>
        /// An object that declares properties yet accepts others: additionalProperties absent, true or a schema, and
        /// no unevaluatedProperties: false (3.1). Free-form maps without declared properties are not models to bind.
        /// </summary>
        private static bool IsOpen(IOpenApiSchema schema)
        {
            if (schema.Properties is not { Count: > 0 }) return false;
            if (!schema.AdditionalPropertiesAllowed) return false;
            // The model reads unevaluatedProperties as true unless the document says false.
            return schema.UnevaluatedProperties;
        }

        private static string Join(string pointer, string name) => pointer.Length == 0 ? name : pointer + "." + name;

        // Schema findings of one owner are grouped: one finding lists the places (first few, then a count).
        private readonly Dictionary<(string Rule, string Owner), (Finding Finding, List<string> Places)> _grouped = new();

        private void AddListed(ThreatRule rule, string owner, string place)
        {
            if (_grouped.TryGetValue((rule.Id, owner), out var entry))
            {
                if (!entry.Places.Contains(place)) entry.Places.Add(place);
                entry.Finding.Evidence = Evidence(owner, entry.Places);
                return;
            }
            var places = new List<string> { place };
            var finding = rule.ToFinding(_target, Evidence(owner, places), location: owner);
            _grouped[(rule.Id, owner)] = (finding, places);
            Findings.Add(finding);
        }

        private static string Evidence(string owner, List<string> places) =>
            places.Count <= MaxListed
                ? $"{owner}: {string.Join(", ", places)}"
                : $"{owner}: {string.Join(", ", places.Take(MaxListed))} and {places.Count - MaxListed} more";
    }
}
