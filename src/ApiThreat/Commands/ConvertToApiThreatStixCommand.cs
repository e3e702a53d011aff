using System.Management.Automation;
using ApiThreat.Engine.Export.Stix;
using ApiThreat.Infrastructure;

namespace ApiThreat.Commands;

/// <summary>Converts a scan to a STIX 2.1 bundle for threat-intelligence platforms (OpenCTI, MISP, TAXII servers).</summary>
[Cmdlet(VerbsData.ConvertTo, "ApiThreatStix")]
[OutputType(typeof(string))]
public sealed class ConvertToApiThreatStixCommand : ExportCmdlet
{
    /// <summary>The organisation the attack surface belongs to (the bundle's identity object).</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Organization { get; set; }

    [Parameter]
    public SwitchParameter Compress { get; set; }

    protected override void EndProcessing()
    {
        var organization = Organization ?? (Set.Domains.Count > 0 ? string.Join(", ", Set.Domains) : "Unnamed organisation");
        WriteObject(StixWriter.Write(Set, organization, EffectiveTimestamp, Compress.IsPresent));
    }
}
