using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using ApiThreat.Engine.Inventory;

namespace ApiThreat.Completers;

/// <summary>
/// Tab-completes -ItemType with the types stored in the newest snapshot of the database on the command line (-Path),
/// with their counts; without one, with every ApiThreat type an inventory can hold.
/// </summary>
public sealed class ItemTypeCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var prefix = CompletionText.Prefix(wordToComplete);
        var stored = new List<(string Name, string Tip)>();
        if (CompletionText.BoundPath(fakeBoundParameters, "Path", "LiteralPath", "PSPath") is { } database)
        {
            try
            {
                using var store = InventoryStore.Open(database, create: false);
                // ItemTypes reads "DiscoveredHost=12": the name, then the count in the newest snapshot.
                if (store.ListSnapshots().OrderByDescending(s => s.Id).FirstOrDefault() is { } latest)
                    foreach (var t in latest.ItemTypes)
                        stored.Add((t.Split('=')[0].Trim(), $"{t.Replace("=", ": ")} in snapshot {latest.Id}"));
            }
            catch (Exception e) when (e is Engine.Net.TargetException or IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                // Unreadable: fall back to every type.
            }
        }
        if (stored.Count == 0)
            stored.AddRange(typeof(ApiEndpoint).Assembly.GetExportedTypes()
                .Where(InventoryItem.IsInventoryType).Select(t => (t.Name, $"ApiThreat.{t.Name}")).OrderBy(t => t.Name, StringComparer.Ordinal));
        return stored.Where(t => t.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(t => new CompletionResult(t.Name, t.Name, CompletionResultType.ParameterValue, t.Tip));
    }
}
