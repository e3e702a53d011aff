using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Completers;

/// <summary>Tab-completes rule ids from the catalogue, with the title as tooltip.</summary>
public sealed class RuleIdCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var prefix = (wordToComplete ?? "").Trim('\'', '"');
        return RuleCatalog.All
            .Where(r => r.Id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(r => new CompletionResult(r.Id, r.Id, CompletionResultType.ParameterValue, r.Title));
    }
}
