using System.Management.Automation;
using ApiThreat.Infrastructure;

namespace ApiThreat.Commands;

/// <summary>
/// Scores external risk 0-100 and A-F per host, per domain and (with -Organization) for the whole input, from any
/// ApiThreat objects on the pipeline. Streams: keeps counters, not objects, so millions of findings fit in memory.
/// </summary>
[Cmdlet(VerbsCommon.Get, "ExternalRiskScore")]
[OutputType(typeof(RiskScore))]
public sealed class GetExternalRiskScoreCommand : RiskScoringCmdlet
{
    /// <summary>Findings, or objects that carry findings or name hosts (see help).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [AllowNull]
    public PSObject? InputObject { get; set; }

    /// <summary>Only emit scores of these scopes.</summary>
    [Parameter]
    public RiskScope[]? Scope { get; set; }

    /// <summary>Fill each score's Explanation with the arithmetic, and write it to the verbose stream.</summary>
    [Parameter]
    public SwitchParameter Explain { get; set; }

    protected override void ProcessRecord() => Score(InputObject);

    protected override void EndProcessing()
    {
        foreach (var score in Compute(Explain.IsPresent))
            if (Scope is not { Length: > 0 } || Scope.Any(x => x.ToString() == score.Scope))
                WriteObject(score);
    }
}
