using System.Management.Automation;
using ApiThreat.Engine.Dns;
using ApiThreat.Engine.Net;
using ApiThreat.Infrastructure;

namespace ApiThreat.Commands;

/// <summary>DNS health of each domain: delegation, mail authentication, CAA, DNSSEC, zone transfer, dangling and wildcard records.</summary>
[Cmdlet(VerbsCommon.Get, "DomainIntelligence")]
[OutputType(typeof(DnsIntelligence))]
public sealed class GetDomainIntelligenceCommand : NetworkCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Domain { get; set; } = Array.Empty<string>();

    /// <summary>Port of the authoritative name servers (NS records carry no port).</summary>
    [Parameter]
    [ValidateRange(1, 65535)]
    public int NameServerPort { get; set; } = 53;

    /// <summary>Further names under the domain whose CNAMEs are checked for dangling targets.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? HostName { get; set; }

    /// <summary>Do not ask the name servers for a zone transfer.</summary>
    [Parameter]
    public SwitchParameter NoZoneTransfer { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var input in Domain)
        {
            if (!AcceptDomain(input, out var domain)) continue;
            var extra = (HostName ?? Array.Empty<string>())
                .Select(h => ScanTarget.TryHost(h, out var n, out _) ? n : null)
                .Where(n => n is not null && n.EndsWith("." + domain, StringComparison.Ordinal)).Select(n => n!).ToArray();
            var options = new DomainIntelligenceOptions { NameServerPort = NameServerPort, ExtraNames = extra, SkipZoneTransfer = NoZoneTransfer.IsPresent };
            Start(input, async (sink, ct) =>
            {
                var intel = await DomainIntelligenceCollector.CollectAsync(Network, domain, options, ct).ConfigureAwait(false);
                foreach (var note in intel.NotChecked) await sink.WarningAsync($"{domain}: not checked: {note}").ConfigureAwait(false);
                await sink.OutputAsync(intel).ConfigureAwait(false);
            });
        }
    }
}
