using System.Management.Automation;
using ApiThreat.Engine.Export;

namespace ApiThreat.Infrastructure;

/// <summary>
/// Base of the offline exports: gathers every ApiThreat object piped in (findings, objects carrying findings, hosts,
/// certificates, scan results...) into one <see cref="ExportSet"/>; the export runs in EndProcessing on the whole set,
/// so output order never depends on pipeline order.
/// </summary>
public abstract class ExportCmdlet : PSCmdlet
{
    /// <summary>Any ApiThreat objects: Finding, ScanResult, DiscoveredHost, CertificateInfo, RiskScore, ...</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [AllowEmptyCollection]
    public object[] InputObject { get; set; } = Array.Empty<object>();

    /// <summary>The time written into the export (generation time, STIX created/modified); default now. Pin it for byte-identical re-exports.</summary>
    [Parameter]
    public DateTimeOffset Timestamp { get; set; }

    /// <summary>WriteVerbose that does not prompt under -Debug alone (see <see cref="DebugStream"/>).</summary>
    protected new void WriteVerbose(string text) => DebugStream.Verbose(this, text);

    internal ExportSet Set { get; } = new();

    protected DateTimeOffset EffectiveTimestamp =>
        MyInvocation.BoundParameters.ContainsKey(nameof(Timestamp)) ? Timestamp.ToUniversalTime() : DateTimeOffset.UtcNow;

    protected override void ProcessRecord()
    {
        foreach (var item in InputObject)
        {
            var value = ModelRehydrator.Unwrap(item);
            if (value is null) continue;
            if (!Set.Add(value)) WriteError(InputErrors.NotAnApiThreatObject(item, MyInvocation.MyCommand.Name));
        }
    }
}
