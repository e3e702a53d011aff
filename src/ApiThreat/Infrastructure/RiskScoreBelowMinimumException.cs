namespace ApiThreat;

/// <summary>Thrown (as a terminating error) by Assert-ExternalRiskScore: carries the scores that fell short.</summary>
public sealed class RiskScoreBelowMinimumException : Exception
{
    public RiskScoreBelowMinimumException(string message, RiskScore[] failures, double minimum) : base(message)
    {
        Failures = failures;
        Minimum = minimum;
    }

    public RiskScore[] Failures { get; }
    public double Minimum { get; }
}
