using System.Text.RegularExpressions;
using Microsoft.OpenApi;

namespace ApiThreat.Engine.Specs.Checks;

/// <summary>
/// What names in a document say: administrative paths, paths public by nature, parameters that carry credentials,
/// identifiers or URLs, and schema facts the checks share. Every pattern has a timeout and a timeout reads as "no".
/// </summary>
public static class SpecNames
{
    private static readonly TimeSpan s_regexTimeout = TimeSpan.FromMilliseconds(100);

    private static readonly Regex s_adminPath = new(
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

    /// <summary>A path that looks administrative, internal or diagnostic (/admin, /_debug, /actuator, /metrics...).</summary>
    public static bool IsAdministrative(string path) => Matches(s_adminPath, path);

    internal static bool IsPublicByNature(string path) => path == "/" || Matches(s_publicByNature, path);

    internal static bool IsCredential(string name) => Matches(s_credentialName, name);

    internal static bool IsIdentifier(string name) => Matches(s_idName, name);

    internal static bool IsUrl(string name) => Matches(s_urlName, name);

    internal static bool Matches(Regex regex, string text)
    {
        try { return regex.IsMatch(text); } catch (RegexMatchTimeoutException) { return false; }
    }

    internal static bool IsUrlFormat(IOpenApiSchema schema) =>
        schema.Format is { } f && (f.Equals("uri", StringComparison.OrdinalIgnoreCase) || f.Equals("url", StringComparison.OrdinalIgnoreCase) ||
                                   f.Equals("uri-reference", StringComparison.OrdinalIgnoreCase) || f.Equals("iri", StringComparison.OrdinalIgnoreCase));

    internal static bool IsOfType(IOpenApiSchema schema, JsonSchemaType type) => schema.Type is { } t && (t & type) != 0;

    /// <summary>allOf, oneOf and anyOf parts of a schema, in that order.</summary>
    internal static IEnumerable<IOpenApiSchema> Parts(IOpenApiSchema schema) =>
        (schema.AllOf ?? Array.Empty<IOpenApiSchema>()).Concat(schema.OneOf ?? Array.Empty<IOpenApiSchema>()).Concat(schema.AnyOf ?? Array.Empty<IOpenApiSchema>());

    internal static bool HasHeader(IOpenApiResponse? response, params string[] names)
    {
        try
        {
            var headers = response?.Headers;
            return headers is not null && headers.Keys.Any(k => names.Any(n => k.Equals(n, StringComparison.OrdinalIgnoreCase)));
        }
        catch (Exception ex) when (ex is InvalidOperationException or NullReferenceException) { return false; }
    }
}
