using System.Collections;
using System.Management.Automation;

namespace ApiThreat.Completers;

/// <summary>What the completers share: the word typed so far, quoting, and paths relative to the current location.</summary>
internal static class CompletionText
{
    /// <summary>The word without the quotes the user may have opened.</summary>
    public static string Prefix(string? word) => (word ?? "").Trim('\'', '"');

    /// <summary>The value quoted when it holds a space or another character the parser would split on.</summary>
    public static string Quote(string value) =>
        value.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '`' or '$' or '(' or ')' or ';' or ',' or '{' or '}' or '@' or '#')
            ? "'" + value.Replace("'", "''") + "'" : value;

    /// <summary>
    /// A file path the command line already holds (a constant string, not an expression, which is never evaluated
    /// while completing), resolved against the current location; null when there is none.
    /// </summary>
    public static string? BoundPath(IDictionary fakeBoundParameters, params string[] names)
    {
        foreach (var name in names)
        {
            if (!fakeBoundParameters.Contains(name) || fakeBoundParameters[name] is not { } value) continue;
            var text = (value is PSObject pso ? pso.BaseObject : value) as string;
            if (string.IsNullOrWhiteSpace(text)) continue;
            try
            {
                using var ps = PowerShell.Create(RunspaceMode.CurrentRunspace);
                ps.AddCommand("Microsoft.PowerShell.Management\\Resolve-Path").AddParameter("LiteralPath", text).AddParameter("ErrorAction", "Ignore");
                var resolved = ps.Invoke().FirstOrDefault()?.Properties["ProviderPath"]?.Value as string;
                if (resolved is not null && File.Exists(resolved)) return resolved;
            }
            catch (Exception e) when (e is PSInvalidOperationException or InvalidOperationException)
            {
                // No current runspace (the completer called outside a session): take the path as given.
            }
            if (File.Exists(text)) return Path.GetFullPath(text);
        }
        return null;
    }
}
