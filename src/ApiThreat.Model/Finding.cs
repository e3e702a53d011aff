namespace ApiThreat;

/// <summary>One problem a check found on one target. Made from a rule of the catalogue.</summary>
public sealed class Finding
{
    public string RuleId { get; set; } = "";
    public string Title { get; set; } = "";
    public Severity Severity { get; set; }
    public Confidence Confidence { get; set; } = Confidence.Firm;
    public FindingCategory Category { get; set; }
    /// <summary>Host name, URL or domain the finding is about.</summary>
    public string Target { get; set; } = "";
    /// <summary>The host part of <see cref="Target"/>, for grouping and scoring.</summary>
    public string HostName { get; set; } = "";
    /// <summary>Where inside the target: an operation ("POST /users"), a JSON pointer of a spec, a URL path.</summary>
    public string? Location { get; set; }
    /// <summary>What was observed (header value, record, certificate field). Hostile text: escape on output.</summary>
    public string Evidence { get; set; } = "";
    public string Remediation { get; set; } = "";
    public string? Cwe { get; set; }
    public string? OwaspApi { get; set; }
    public string[] References { get; set; } = Array.Empty<string>();
    public DetectionMethod Method { get; set; } = DetectionMethod.Passive;
    /// <summary>CVE or other identifiers when the finding is a known vulnerability.</summary>
    public string[] VulnerabilityIds { get; set; } = Array.Empty<string>();
    public DateTimeOffset Timestamp { get; set; } = DateTimeOffset.UtcNow;

    public override string ToString() => $"{RuleId} {Severity} {Target}: {Title}";
}
