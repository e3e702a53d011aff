using System.Management.Automation;
using ApiThreat.Completers;
using ApiThreat.Engine.Scoring;
using ApiThreat.Infrastructure;

namespace ApiThreat.Commands;

/// <summary>
/// Fails (a terminating error) when any risk score is below a minimum grade or score, naming every target that fell
/// short and by how much: the gate for CI jobs and runbooks. Takes RiskScore objects, or anything
/// Get-ExternalRiskScore takes (it scores them itself).
/// </summary>
[Cmdlet(VerbsLifecycle.Assert, "ExternalRiskScore")]
[OutputType(typeof(RiskScore))]
public sealed class AssertExternalRiskScoreCommand : RiskScoringCmdlet
{
    private readonly List<RiskScore> _given = new();
    private ScoreThreshold _minimum = null!;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [AllowNull]
    public PSObject? InputObject { get; set; }

    /// <summary>A grade (A, B, C, D, F) or a score 0-100: anything below fails.</summary>
    [Parameter(Mandatory = true)]
    [Alias("FailBelow")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(GradeCompleter))]
    public string Minimum { get; set; } = "";

    /// <summary>Only check scores of these scopes (default: all).</summary>
    [Parameter]
    public RiskScope[]? Scope { get; set; }

    /// <summary>Write the scores to the pipeline (before failing, when something fell short).</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if (ScoreThreshold.TryParse(Minimum, Policy, out var threshold)) { _minimum = threshold!; return; }
        var message = $"-Minimum '{Minimum}' is neither a grade (A, B, C, D, F) nor a score between 0 and 100.";
        ThrowTerminatingError(new ErrorRecord(new ArgumentException(message, nameof(Minimum)), "InvalidMinimum", ErrorCategory.InvalidArgument, Minimum)
        { ErrorDetails = new ErrorDetails(message) { RecommendedAction = "Use e.g. -Minimum B or -Minimum 75." } });
    }

    protected override void ProcessRecord()
    {
        switch (ModelRehydrator.Unwrap(InputObject))
        {
            case RiskScore score: _given.Add(score); break;
            case PSCustomObject when InputObject.Properties["Score"] is { } p && InputObject.Properties["Target"] is { } t && InputObject.Properties["Grade"] is not null:
                // A RiskScore that went through Export-Clixml/ConvertTo-Json (a previous run's results).
                _given.Add(new RiskScore
                {
                    Target = t.Value?.ToString() ?? "",
                    Score = LanguagePrimitives.ConvertTo<double>(p.Value),
                    Grade = InputObject.Properties["Grade"].Value?.ToString() ?? "",
                    Scope = InputObject.Properties["Scope"]?.Value?.ToString() ?? "Host",
                });
                break;
            default: Score(InputObject); break;
        }
    }

    protected override void EndProcessing()
    {
        var scores = new List<RiskScore>(_given);
        if (HasScoringInput) scores.AddRange(Compute(explain: false));
        var checkedScores = scores.Where(s => Scope is not { Length: > 0 } || Scope.Any(x => x.ToString() == s.Scope)).ToList();
        if (checkedScores.Count == 0)
            WriteWarning($"No risk scores{(Scope is { Length: > 0 } ? $" of scope {string.Join("/", Scope)}" : "")} to check against minimum {_minimum.Display}: nothing was asserted.");

        var failures = new List<RiskScore>();
        foreach (var s in checkedScores)
        {
            var ok = _minimum.IsMet(s);
            WriteVerbose($"{s.Scope} {s.Target}: {ScoreThreshold.Number(s.Score)} ({s.Grade}) {(ok ? ">=" : "<")} {_minimum.Display}");
            if (!ok) failures.Add(s);
        }
        if (PassThru) foreach (var s in scores) WriteObject(s);
        if (failures.Count == 0) return;

        failures.Sort((a, b) => a.Score != b.Score ? a.Score.CompareTo(b.Score) : string.CompareOrdinal(a.Target, b.Target));
        var message = _minimum.DescribeFailures(failures, checkedScores.Count);
        ThrowTerminatingError(new ErrorRecord(new RiskScoreBelowMinimumException(message, failures.ToArray(), _minimum.Value),
            "RiskScoreBelowMinimum", ErrorCategory.InvalidResult, failures.ToArray())
        {
            ErrorDetails = new ErrorDetails(message)
            { RecommendedAction = "Look at each score's Factors (Contributions, Findings) and fix the findings that cost most points; -Explain on Get-ExternalRiskScore shows the arithmetic." },
        });
    }
}
