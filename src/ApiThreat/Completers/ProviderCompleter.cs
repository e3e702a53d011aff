using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using ApiThreat.Infrastructure;

namespace ApiThreat.Completers;

/// <summary>
/// Tab-completes Update-ApiThreatData -Provider with the providers the cloud range data already knows (the user's
/// refreshed copy and the module's), and Akamai, whose published prefix list carries no provider name.
/// </summary>
public sealed class ProviderCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var prefix = CompletionText.Prefix(wordToComplete);
        var bundled = Path.Combine(Path.GetDirectoryName(typeof(ProviderCompleter).Assembly.Location) ?? "", "data", "ip-ranges", Engine.Ip.CloudRangeTable.FileName);
        var providers = new SortedSet<string>(StringComparer.OrdinalIgnoreCase) { "Akamai" };
        foreach (var file in new[] { DataPaths.UserCloudRanges, bundled })
        {
            if (!File.Exists(file)) continue;
            try
            {
                // The table's second column is the provider; '#' lines are comments and sources.
                foreach (var line in File.ReadLines(file))
                {
                    if (line.Length == 0 || line[0] == '#') continue;
                    var fields = line.Split('\t');
                    if (fields.Length > 1 && fields[1].Length is > 0 and < 64) providers.Add(fields[1]);
                }
            }
            catch (IOException) { }
        }
        return providers.Where(p => p.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(p => new CompletionResult(CompletionText.Quote(p), p, CompletionResultType.ParameterValue, $"Ranges published by {p}"));
    }
}
