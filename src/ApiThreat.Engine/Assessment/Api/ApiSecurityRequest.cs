namespace ApiThreat.Engine.Assessment.Api;

/// <summary>What Test-ApiSecurity assesses, and how far it may go.</summary>
public sealed class ApiSecurityRequest
{
    /// <summary>The API's URL (an ApiEndpoint's Url, or what the user typed).</summary>
    public required Uri Url { get; init; }
    public EndpointKind Kind { get; init; }
    /// <summary>Operations from the API's specification, when one was found.</summary>
    public IReadOnlyList<ApiOperation> Operations { get; init; } = Array.Empty<ApiOperation>();
    /// <summary>Headers the user gave for authenticated requests (e.g. Authorization); never logged.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> AuthHeaders { get; init; } = Array.Empty<KeyValuePair<string, string>>();
    /// <summary>Send canaries, adjacent reads and the burst (ATR-API-015..022).</summary>
    public bool Active { get; init; }
    /// <summary>Requests of the rate-limit burst (-Active only).</summary>
    public int BurstSize { get; init; } = 50;
    /// <summary>Most spec operations requested (passive reads).</summary>
    public int MaxOperations { get; init; } = 25;
}
