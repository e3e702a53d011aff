namespace ApiThreat.Engine.Specs;

/// <summary>Limits for reading a specification. Specs come from targets: treat them as hostile.</summary>
public sealed class SpecLoadOptions
{
    /// <summary>Largest document accepted, in bytes (default 20 MB; real specs of large clouds are ~10 MB).</summary>
    public long MaxBytes { get; init; } = 20L * 1024 * 1024;
    /// <summary>Wall-clock budget for parsing one document.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Wall-clock budget for the security checks of one document (past it, the findings found so far and a warning).</summary>
    public TimeSpan LintTimeout { get; init; } = SpecLinter.DefaultTimeout;
    /// <summary>Deepest nesting accepted (JSON and YAML).</summary>
    public int MaxDepth { get; init; } = 200;
    /// <summary>Most YAML nodes accepted, aliases expanded: the defence against "billion laughs" alias bombs.</summary>
    public int MaxNodes { get; init; } = 2_000_000;
    /// <summary>Most operations kept in the summary; a document with more is read, the rest reported in Warnings.</summary>
    public int MaxOperations { get; init; } = 50_000;
    /// <summary>Where the document came from (URL or file), used in messages and to resolve relative server URLs.</summary>
    public string? Source { get; init; }

    public static SpecLoadOptions Default { get; } = new();
}
