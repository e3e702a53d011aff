using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace ApiThreat.Completers;

/// <summary>Tab-completes -Minimum with the grades (a score 0-100 is typed as a number).</summary>
public sealed class GradeCompleter : IArgumentCompleter
{
    private static readonly (string Grade, string Tip)[] s_grades =
    {
        ("A", "Fail anything below A (default policy: a score under 90)"),
        ("B", "Fail anything below B (default policy: a score under 80)"),
        ("C", "Fail anything below C (default policy: a score under 70)"),
        ("D", "Fail anything below D (default policy: a score under 60)"),
        ("F", "Never fail on the grade (every score is at least F)"),
    };

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var prefix = CompletionText.Prefix(wordToComplete);
        return s_grades.Where(g => g.Grade.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(g => new CompletionResult(g.Grade, g.Grade, CompletionResultType.ParameterValue, g.Tip));
    }
}
