namespace ApiThreat;

/// <summary>An entry of the rule catalogue (Get-ApiThreatRule). Ids are stable forever: ATR-AREA-NNN.</summary>
public sealed class ThreatRule
{
    public string Id { get; set; } = "";
    public string Title { get; set; } = "";
    public Severity Severity { get; set; }
    public FindingCategory Category { get; set; }
    public string? Cwe { get; set; }
    public string? OwaspApi { get; set; }
    public string Rationale { get; set; } = "";
    public string Remediation { get; set; } = "";
    public string[] References { get; set; } = Array.Empty<string>();

    public override string ToString() => $"{Id} {Title}";
}
