using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace ApiThreat.Completers;

/// <summary>Tab-completes Find-ExposedSecret -Type with the credential types of the detector catalogue.</summary>
public sealed class SecretTypeCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var prefix = CompletionText.Prefix(wordToComplete);
        var catalog = Engine.DigitalRisk.Secrets.SecretCatalog.Bundled;
        foreach (var type in catalog.AllTypes.Where(t => t.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
        {
            var name = catalog.Find(type)?.Name ?? catalog.Pairs.FirstOrDefault(p => p.Id == type)?.Name ?? type;
            yield return new CompletionResult(type, type, CompletionResultType.ParameterValue, name);
        }
    }
}
