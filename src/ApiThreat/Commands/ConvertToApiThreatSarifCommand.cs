using System.Management.Automation;
using ApiThreat.Engine.Export.Sarif;
using ApiThreat.Infrastructure;

namespace ApiThreat.Commands;

/// <summary>Converts findings to a SARIF 2.1.0 log for GitHub code scanning, Azure DevOps and other SARIF viewers.</summary>
[Cmdlet(VerbsData.ConvertTo, "ApiThreatSarif")]
[OutputType(typeof(string))]
public sealed class ConvertToApiThreatSarifCommand : ExportCmdlet
{
    /// <summary>One line of JSON instead of indented text.</summary>
    [Parameter]
    public SwitchParameter Compress { get; set; }

    protected override void EndProcessing() => WriteObject(SarifWriter.Write(Set, EffectiveTimestamp, Compress.IsPresent));
}
