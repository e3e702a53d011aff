namespace ApiThreat;

/// <summary>The external risk score of one target, domain or organisation.</summary>
public sealed class RiskScore
{
    public string Target { get; set; } = "";
    /// <summary>Host, Domain or Organization.</summary>
    public string Scope { get; set; } = "Host";
    public double Score { get; set; } = 100;
    public string Grade { get; set; } = "A";
    public RiskFactor[] Factors { get; set; } = Array.Empty<RiskFactor>();
    public int FindingCount { get; set; }
    /// <summary>Caps that limited the grade, e.g. "Confirmed takeover caps at F".</summary>
    public string[] Caps { get; set; } = Array.Empty<string>();
    public string[] Explanation { get; set; } = Array.Empty<string>();

    public override string ToString() => $"{Target} {Grade} ({Score:0})";
}

/// <summary>One category's part of a risk score.</summary>
public sealed class RiskFactor
{
    public FindingCategory Category { get; set; }
    public double Score { get; set; } = 100;
    public double Weight { get; set; }
    public int FindingCount { get; set; }
    public Finding[] Findings { get; set; } = Array.Empty<Finding>();
    public override string ToString() => $"{Category} {Score:0}";
}
