using System.Management.Automation;
using ApiThreat.Completers;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Commands;

/// <summary>Lists the rule catalogue: every check that can produce a finding.</summary>
[Cmdlet(VerbsCommon.Get, "ApiThreatRule")]
[OutputType(typeof(ThreatRule))]
public sealed class GetApiThreatRuleCommand : PSCmdlet
{
    /// <summary>Rule ids; wildcards allowed (ATR-DNS-*).</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("RuleId")]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(RuleIdCompleter))]
    public string[]? Id { get; set; }

    [Parameter]
    public Severity[]? Severity { get; set; }

    [Parameter]
    public FindingCategory[]? Category { get; set; }

    protected override void ProcessRecord()
    {
        var patterns = (Id is { Length: > 0 } ? Id : new[] { "*" })
            .Select(p => new WildcardPattern(p, WildcardOptions.IgnoreCase)).ToArray();
        var matchedAny = new bool[patterns.Length];
        foreach (var rule in RuleCatalog.All)
        {
            var hit = false;
            for (var i = 0; i < patterns.Length; i++)
                if (patterns[i].IsMatch(rule.Id)) { matchedAny[i] = true; hit = true; }
            if (!hit) continue;
            if (Severity is { Length: > 0 } && !Severity.Contains(rule.Severity)) continue;
            if (Category is { Length: > 0 } && !Category.Contains(rule.Category)) continue;
            WriteObject(rule);
        }
        for (var i = 0; i < patterns.Length; i++)
        {
            var text = Id?[i];
            if (!matchedAny[i] && text is not null && !WildcardPattern.ContainsWildcardCharacters(text))
                WriteError(new ErrorRecord(new ItemNotFoundException($"No rule has the id '{text}'."), "RuleNotFound",
                    ErrorCategory.ObjectNotFound, text)
                { ErrorDetails = new ErrorDetails($"No rule has the id '{text}'.") { RecommendedAction = "Run Get-ApiThreatRule to list the ids." } });
        }
    }
}
