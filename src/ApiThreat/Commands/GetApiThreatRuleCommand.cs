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
        // The common pipeline case (findings binding RuleId) is one exact id: a dictionary lookup, no pattern scan.
        if (Id is { Length: 1 } && !WildcardPattern.ContainsWildcardCharacters(Id[0]))
        {
            var rule = RuleCatalog.Find(Id[0]);
            if (rule is null) WriteNotFound(Id[0]);
            else if (Passes(rule)) WriteObject(rule);
            return;
        }
        var patterns = (Id is { Length: > 0 } ? Id : new[] { "*" })
            .Select(p => new WildcardPattern(p, WildcardOptions.IgnoreCase)).ToArray();
        var matchedAny = new bool[patterns.Length];
        foreach (var rule in RuleCatalog.All)
        {
            var hit = false;
            for (var i = 0; i < patterns.Length; i++)
                if (patterns[i].IsMatch(rule.Id)) { matchedAny[i] = true; hit = true; }
            if (hit && Passes(rule)) WriteObject(rule);
        }
        for (var i = 0; i < patterns.Length; i++)
        {
            var text = Id?[i];
            if (!matchedAny[i] && text is not null && !WildcardPattern.ContainsWildcardCharacters(text)) WriteNotFound(text);
        }
    }

    private bool Passes(ThreatRule rule) =>
        (Severity is not { Length: > 0 } || Severity.Contains(rule.Severity)) &&
        (Category is not { Length: > 0 } || Category.Contains(rule.Category));

    private void WriteNotFound(string id) =>
        WriteError(new ErrorRecord(new ItemNotFoundException($"No rule has the id '{id}'."), "RuleNotFound", ErrorCategory.ObjectNotFound, id)
        { ErrorDetails = new ErrorDetails($"No rule has the id '{id}'.") { RecommendedAction = "Run Get-ApiThreatRule to list the ids." } });
}
