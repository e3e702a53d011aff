using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Language;
using ApiThreat.Engine.Inventory;

namespace ApiThreat.Completers;

/// <summary>
/// Tab-completes -Snapshot and -DifferenceSnapshot with the snapshot ids of the inventory database already on the
/// command line (-Path, -Baseline or -DifferencePath), newest first, the tooltip giving date, label and size; and the
/// words latest and previous. Without a readable database only the words are offered.
/// </summary>
public sealed class SnapshotCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var prefix = CompletionText.Prefix(wordToComplete);
        var results = new List<CompletionResult>();
        var database = parameterName.Equals("DifferenceSnapshot", StringComparison.OrdinalIgnoreCase)
            ? CompletionText.BoundPath(fakeBoundParameters, "DifferencePath", "Baseline")
            : CompletionText.BoundPath(fakeBoundParameters, "Path", "Baseline", "LiteralPath", "PSPath");
        if (database is not null)
        {
            try
            {
                using var store = InventoryStore.Open(database, create: false);
                foreach (var s in store.ListSnapshots().OrderByDescending(s => s.Id))
                {
                    var id = s.Id.ToString(CultureInfo.InvariantCulture);
                    if (!id.StartsWith(prefix, StringComparison.Ordinal)) continue;
                    var tip = $"{s.Taken.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}"
                        + (string.IsNullOrEmpty(s.Label) ? "" : $" '{s.Label}'") + $", {s.ItemCount} items";
                    results.Add(new CompletionResult(id, $"{id}  {tip}", CompletionResultType.ParameterValue, tip));
                }
            }
            catch (Exception e) when (e is Engine.Net.TargetException or IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                // Not an inventory (or unreadable now): nothing to list; the command itself will say why.
            }
        }
        foreach (var (word, tip) in new[] { ("latest", "The newest snapshot"), ("previous", "The snapshot before the newest") })
            if (word.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                results.Add(new CompletionResult(word, word, CompletionResultType.ParameterValue, tip));
        return results;
    }
}
