using System.Management.Automation;

namespace ApiThreat.Infrastructure;

/// <summary>
/// -Debug without -Verbose: PowerShell then turns every WriteVerbose into a prompt (Inquire), one per message, and a
/// host that cannot prompt (a runbook, a CI job) throws instead. ApiThreat's base classes write those messages to the
/// debug stream in that case, so -Debug shows what is contacted and why, without a question per line.
/// </summary>
internal static class DebugStream
{
    public static bool VerboseBecomesDebug(PSCmdlet cmdlet) =>
        cmdlet.MyInvocation.BoundParameters.TryGetValue("Debug", out var d) && d is SwitchParameter { IsPresent: true }
        && !cmdlet.MyInvocation.BoundParameters.ContainsKey("Verbose");

    public static void Verbose(PSCmdlet cmdlet, string text)
    {
        if (VerboseBecomesDebug(cmdlet)) cmdlet.WriteDebug(text);
        else cmdlet.WriteVerbose(text);
    }
}
