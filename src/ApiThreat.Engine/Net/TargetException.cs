namespace ApiThreat.Engine.Net;

/// <summary>What went wrong with one target; maps onto a PowerShell ErrorCategory in the cmdlet layer.</summary>
public enum TargetErrorKind
{
    ConnectionError,
    Timeout,
    OutOfScope,
    InvalidData,
    NotFound,
    ResourceUnavailable,
    InvalidArgument,
    PermissionDenied,
}

/// <summary>
/// A failure that concerns one target only. The scan goes on; the cmdlet writes it as a non-terminating error
/// with <see cref="ErrorId"/> as its FullyQualifiedErrorId and <see cref="RecommendedAction"/> as the fix.
/// </summary>
public class TargetException : Exception
{
    public TargetException(string target, string errorId, TargetErrorKind kind, string message,
        string? recommendedAction = null, Exception? inner = null)
        : base(message, inner)
    {
        Target = target;
        ErrorId = errorId;
        Kind = kind;
        RecommendedAction = recommendedAction;
    }

    public string Target { get; }
    public string ErrorId { get; }
    public TargetErrorKind Kind { get; }
    public string? RecommendedAction { get; }
}

/// <summary>The scope guard refused a host, address or URL.</summary>
public sealed class OutOfScopeException : TargetException
{
    public OutOfScopeException(string target, string reason)
        : base(target, "OutOfScope", TargetErrorKind.OutOfScope, $"'{target}' is out of scope: {reason}",
            "Add it to -Scope (or use -AllowPrivateAddress for private, loopback and link-local addresses, -AllowMetadataAddress for cloud metadata) if it is yours to scan.")
    {
        Reason = reason;
    }

    public string Reason { get; }
}
