using System.Management.Automation;
using System.Net;

namespace ApiThreat.Infrastructure;

/// <summary>The user's secret vaults through SecretManagement's Get-Secret, when that module is installed (no dependency on it otherwise).</summary>
internal static class SecretManagement
{
    /// <summary>A reader of secrets by name in <paramref name="cmdlet"/>'s runspace, or null when Get-Secret is not available.</summary>
    public static Func<string, NetworkCredential?>? Reader(PSCmdlet cmdlet)
    {
        if (cmdlet.InvokeCommand.GetCommand("Get-Secret", CommandTypes.Cmdlet | CommandTypes.Function) is null) return null;
        return name =>
        {
            using var ps = PowerShell.Create(RunspaceMode.CurrentRunspace);
            ps.AddCommand("Get-Secret").AddParameter("Name", name).AddParameter("ErrorAction", ActionPreference.Ignore);
            foreach (var result in ps.Invoke())
            {
                if (NamedValues.Credential(result?.BaseObject) is { } credential) return credential;
                if (result?.BaseObject is string text && text.Length > 0) return new NetworkCredential("", text);
            }
            return null;
        };
    }
}
