using Microsoft.OpenApi;

namespace ApiThreat.Engine.Specs;

/// <summary>A security scheme a specification declares (components.securitySchemes / securityDefinitions).</summary>
public sealed class SpecSecurityScheme
{
    /// <summary>The key under which the document declares it; operations name schemes by this key.</summary>
    public string Name { get; init; } = "";
    /// <summary>apiKey, http, oauth2, openIdConnect or mutualTLS (Swagger 2.0 "basic" reads as http + basic).</summary>
    public string Type { get; init; } = "";
    /// <summary>For http schemes: basic, bearer, digest, ... (lower case).</summary>
    public string? Scheme { get; init; }
    /// <summary>For apiKey schemes: query, header or cookie.</summary>
    public string? In { get; init; }
    /// <summary>For apiKey schemes: the header, query or cookie name that carries the key.</summary>
    public string? ParameterName { get; init; }
    public string? BearerFormat { get; init; }
    /// <summary>For oauth2: implicit, password, clientCredentials, authorizationCode, deviceAuthorization.</summary>
    public string[] Flows { get; init; } = Array.Empty<string>();
    /// <summary>Authorization, token, refresh and discovery URLs the scheme names (oauth2, openIdConnect).</summary>
    public string[] Urls { get; init; } = Array.Empty<string>();

    public override string ToString() => Scheme is null ? $"{Name} ({Type})" : $"{Name} ({Type} {Scheme})";
}

/// <summary>An OpenAPI/Swagger document read by <see cref="SpecLoader"/>: the summary most callers need, plus the model.</summary>
public sealed class SpecDocument
{
    /// <summary>"2.0", "3.0.x", "3.1.x" as the document declares it.</summary>
    public string SpecVersion { get; init; } = "";
    /// <summary>"json" or "yaml".</summary>
    public string Format { get; init; } = "";
    public string? Title { get; init; }
    public string? Version { get; init; }
    /// <summary>Server URLs (OpenAPI 3 servers; Swagger 2.0 schemes + host + basePath), as written.</summary>
    public string[] Servers { get; init; } = Array.Empty<string>();
    public SpecSecurityScheme[] SecuritySchemes { get; init; } = Array.Empty<SpecSecurityScheme>();
    /// <summary>Scheme names of the document-level security requirement (applies to operations that declare none).</summary>
    public string[] GlobalSecurity { get; init; } = Array.Empty<string>();
    public ApiOperation[] Operations { get; init; } = Array.Empty<ApiOperation>();
    /// <summary>What the reader reported as wrong but survivable (unknown fields, unresolved references...).</summary>
    public string[] Warnings { get; init; } = Array.Empty<string>();
    /// <summary>The parsed model, for checks that need more than the summary (schemas, responses, parameters).</summary>
    public required OpenApiDocument Document { get; init; }

    public override string ToString() => $"{Title} {Version} (OpenAPI {SpecVersion}, {Operations.Length} operations)";
}
