namespace ApiThreat;

/// <summary>One API found on the attack surface.</summary>
public sealed class ApiEndpoint
{
    public string Url { get; set; } = "";
    public string HostName { get; set; } = "";
    public int Port { get; set; }
    public string Scheme { get; set; } = "https";
    public EndpointKind Kind { get; set; }
    /// <summary>How discovery found this API (the first lead that reached it).</summary>
    public ApiSource Source { get; set; }
    /// <summary>The page, script, document or header value that led to it (null for well-known paths and the root).</summary>
    public string? FoundAt { get; set; }
    public string? SpecUrl { get; set; }
    public string? SpecVersion { get; set; }
    /// <summary>The documentation page (Swagger UI, ReDoc...) that shows the API, when one was found.</summary>
    public string? DocumentationUrl { get; set; }
    public string? Title { get; set; }
    public ApiOperation[] Operations { get; set; } = Array.Empty<ApiOperation>();
    /// <summary>Authentication observed: None, Basic, Bearer, ApiKey, OAuth, Mtls, Digest, Negotiate.</summary>
    public string[] Authentication { get; set; } = Array.Empty<string>();
    /// <summary>With ApiKey authentication: the header, query parameter or cookie that carries the key, when the specification or the answer names it.</summary>
    public string? ApiKeyName { get; set; }
    /// <summary>Where <see cref="ApiKeyName"/> goes: header, query or cookie.</summary>
    public string? ApiKeyIn { get; set; }
    public int StatusCode { get; set; }
    public string? Server { get; set; }
    public string? ContentType { get; set; }
    public string[] Technologies { get; set; } = Array.Empty<string>();
    public string[] Evidence { get; set; } = Array.Empty<string>();
    public double ResponseTimeMs { get; set; }
    public DateTimeOffset FirstSeen { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset LastSeen { get; set; } = DateTimeOffset.UtcNow;
    /// <summary>Addresses the host name resolved to when it was probed.</summary>
    public string[] Addresses { get; set; } = Array.Empty<string>();
    /// <summary>The TLS certificate the endpoint presented (null over HTTP), for change tracking.</summary>
    public string? CertificateSubject { get; set; }
    public string? CertificateIssuer { get; set; }
    /// <summary>SHA-256 of the leaf certificate, upper-case hex.</summary>
    public string? CertificateFingerprint { get; set; }
    public DateTimeOffset? CertificateNotAfter { get; set; }
    /// <summary>Key algorithm and size of the leaf certificate, e.g. "ECDSA 256", "RSA 2048".</summary>
    public string? CertificateKey { get; set; }
    /// <summary>URL of the host's /.well-known/security.txt when it serves one.</summary>
    public string? SecurityTxtUrl { get; set; }
    /// <summary>Inventory findings about this endpoint (ATR-INV-*).</summary>
    public Finding[] Findings { get; set; } = Array.Empty<Finding>();

    public override string ToString() => Url;
}

/// <summary>One operation of an API: method, path, and the security it declares.</summary>
public sealed class ApiOperation
{
    public string Method { get; set; } = "GET";
    public string Path { get; set; } = "/";
    public string? OperationId { get; set; }
    public string? Summary { get; set; }
    /// <summary>Names of the security schemes the operation requires; empty means none declared.</summary>
    public string[] Security { get; set; } = Array.Empty<string>();
    /// <summary>True when the operation can be called without credentials: no security declared, an explicit empty
    /// list, or an empty requirement ({}) among the alternatives.</summary>
    public bool AllowsAnonymous { get; set; } = true;

    public override string ToString() => $"{Method} {Path}";
}
