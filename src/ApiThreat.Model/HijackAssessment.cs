namespace ApiThreat;

/// <summary>HTTP Observatory-compatible grading of one target, with our further findings attached.</summary>
public sealed class HijackAssessment
{
    public string Url { get; set; } = "";
    public string HostName { get; set; } = "";
    public int Score { get; set; }
    public string Grade { get; set; } = "";
    public string AlgorithmVersion { get; set; } = "";
    public int StatusCode { get; set; }
    /// <summary>Observatory test name to its result identifier (e.g. content-security-policy = csp-implemented-with-no-unsafe).</summary>
    public ObservatoryTestResult[] Tests { get; set; } = Array.Empty<ObservatoryTestResult>();
    public Finding[] Findings { get; set; } = Array.Empty<Finding>();
    /// <summary>Why the site could not be graded (no HTTP answer; only DNS checks ran), or null.</summary>
    public string? GradeError { get; set; }

    public override string ToString() => $"{Url} {Grade} ({Score})";
}

public sealed class ObservatoryTestResult
{
    public string Test { get; set; } = "";
    public string Result { get; set; } = "";
    public int ScoreModifier { get; set; }
    public bool Pass { get; set; }
    public override string ToString() => $"{Test}: {Result} ({ScoreModifier})";
}
