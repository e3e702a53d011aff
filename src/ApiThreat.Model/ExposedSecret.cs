namespace ApiThreat;

/// <summary>How sure Find-ExposedSecret is that a match is a real credential.</summary>
public enum SecretConfidence
{
    /// <summary>Only the name it is assigned to and the randomness of the value say it is a secret.</summary>
    EntropyOnly = 0,
    /// <summary>The value has the provider's documented format, and its checksum or structure holds where it has one.</summary>
    ValidatedFormat = 1,
}

/// <summary>What kind of resource served the secret.</summary>
public enum SecretSource
{
    /// <summary>An HTML page (inline scripts and markup).</summary>
    Page = 0,
    /// <summary>A JavaScript file the site serves.</summary>
    Script = 1,
    /// <summary>An original source carried in a JavaScript source map (sourcesContent).</summary>
    SourceMap = 2,
    /// <summary>A configuration file at a well-known path (/.env, /config.js, /.aws/credentials...).</summary>
    WellKnownFile = 3,
    /// <summary>An API description (OpenAPI/Swagger: examples, defaults, servers).</summary>
    ApiDescription = 4,
    /// <summary>An HTML comment.</summary>
    HtmlComment = 5,
    /// <summary>An error page (a 4xx or 5xx answer: debug pages list settings and environment).</summary>
    ErrorPage = 6,
    /// <summary>A local file (-Path).</summary>
    File = 7,
    /// <summary>Another response (an API answer, a feed) fetched by another cmdlet (-IncludeSecrets).</summary>
    Response = 8,
}

/// <summary>
/// A credential (API key, token, private key, password) found in what a site serves or in a local file. The value
/// itself is never kept: <see cref="MaskedValue"/> shows its first characters and a hash prefix, enough to recognise
/// it again and to find it in one's own vault, not to use it.
/// </summary>
public sealed class ExposedSecret
{
    /// <summary>The detector's id: aws-access-key-id, github-pat, slack-bot-token, generic-secret...</summary>
    public string Type { get; set; } = "";
    /// <summary>The credential type in words: "GitHub personal access token (classic)".</summary>
    public string Name { get; set; } = "";
    /// <summary>The ATR-SECRET rule of the finding.</summary>
    public string RuleId { get; set; } = "";
    public Severity Severity { get; set; }
    public SecretConfidence Confidence { get; set; }
    /// <summary>The URL that served it (or the file it is in).</summary>
    public string Url { get; set; } = "";
    public SecretSource Source { get; set; }
    /// <summary>The original source inside a source map (src/config.ts), when the secret came from one.</summary>
    public string? SourceName { get; set; }
    /// <summary>1-based line of the resource (or of the original source) where the secret starts.</summary>
    public int Line { get; set; }
    /// <summary>1-based column, in characters, where the secret starts.</summary>
    public int Column { get; set; }
    /// <summary>The first characters of the value (at most 4), an ellipsis and the first 12 hex digits of its SHA-256.</summary>
    public string MaskedValue { get; set; } = "";
    /// <summary>The first 12 hex digits of the value's SHA-256: the same secret found twice has the same hash.</summary>
    public string ValueHash { get; set; } = "";
    /// <summary>The other half of a pair (an AWS secret access key beside its key ID), where it was found.</summary>
    public string? PairedWith { get; set; }
    /// <summary>What the format check saw (checksum valid, JWT algorithm and expiry, key type...).</summary>
    public string? Detail { get; set; }
    /// <summary>Null: not verified; true: the provider's identity endpoint accepted it (-Verify); false: rejected it.</summary>
    public bool? Verified { get; set; }
    /// <summary>What the verification said (the identity it belongs to, or the status that rejected it).</summary>
    public string? Verification { get; set; }
    public string HostName { get; set; } = "";
    public Finding[] Findings { get; set; } = Array.Empty<Finding>();
    public DateTimeOffset FirstSeen { get; set; } = DateTimeOffset.UtcNow;

    public override string ToString() => $"{Type} {MaskedValue} {Url}:{Line}:{Column}";
}
