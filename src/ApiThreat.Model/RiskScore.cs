namespace ApiThreat;

/// <summary>The external risk score of one target, domain or organisation (Get-ExternalRiskScore).</summary>
public sealed class RiskScore
{
    public string Target { get; set; } = "";
    /// <summary>Host, Domain or Organization.</summary>
    public string Scope { get; set; } = "Host";
    /// <summary>0-100 after caps, rounded to one decimal. 100 = nothing found.</summary>
    public double Score { get; set; } = 100;
    public string Grade { get; set; } = "A";
    /// <summary>The score the findings alone give, before any cap.</summary>
    public double UncappedScore { get; set; } = 100;
    /// <summary>One per FindingCategory, in the category order, including categories with nothing found.</summary>
    public RiskFactor[] Factors { get; set; } = Array.Empty<RiskFactor>();
    /// <summary>Distinct findings (same rule + target + evidence counted once).</summary>
    public int FindingCount { get; set; }
    /// <summary>Hosts this score covers (1 for a host score).</summary>
    public int HostCount { get; set; }
    /// <summary>Distinct API endpoint URLs seen for the hosts this score covers (attack-surface size).</summary>
    public int EndpointCount { get; set; }
    /// <summary>For a host score: the domain it was grouped under (null for IP addresses).</summary>
    public string? Domain { get; set; }
    /// <summary>Caps that lowered the score, e.g. "confirmed-takeover: max F (59)" (the Explanation lists every cap a finding triggered).</summary>
    public string[] Caps { get; set; } = Array.Empty<string>();
    /// <summary>The arithmetic, line by line (filled with -Explain).</summary>
    public string[] Explanation { get; set; } = Array.Empty<string>();
    /// <summary>Name and version of the scoring policy used.</summary>
    public string Policy { get; set; } = "";

    public override string ToString() => $"{Target} {Grade} ({Score:0.#})";
}

/// <summary>One category's part of a risk score.</summary>
public sealed class RiskFactor
{
    public FindingCategory Category { get; set; }
    /// <summary>100 minus the points this category's findings took off (never below 0).</summary>
    public double Score { get; set; } = 100;
    /// <summary>The share of this factor's lost points that the overall score loses.</summary>
    public double Weight { get; set; }
    /// <summary>Points the overall score lost through this factor: Weight x (100 - Score).</summary>
    public double PointsLost { get; set; }
    /// <summary>Distinct findings in this category (all of them, not only those in <see cref="Findings"/>).</summary>
    public int FindingCount { get; set; }
    /// <summary>Per rule: how many findings and how many points each rule took off this factor.</summary>
    public RiskContribution[] Contributions { get; set; } = Array.Empty<RiskContribution>();
    /// <summary>A bounded sample of the findings that moved this factor: those that cost the most points (at most the
    /// policy's sampleSize, ties broken by rule id, target and evidence). FindingCount and Contributions count all.</summary>
    public Finding[] Findings { get; set; } = Array.Empty<Finding>();
    public override string ToString() => $"{Category} {Score:0.#}";
}

/// <summary>What one rule cost one factor: the findings of that rule, with diminishing returns applied.</summary>
public sealed class RiskContribution
{
    public string RuleId { get; set; } = "";
    public string Title { get; set; } = "";
    public FindingCategory Category { get; set; }
    public int Count { get; set; }
    /// <summary>The highest severity among this rule's findings.</summary>
    public Severity Severity { get; set; }
    /// <summary>Points taken off the factor's 100.</summary>
    public double Penalty { get; set; }
    public override string ToString() => $"{RuleId} x{Count} -{Penalty:0.##}";
}
