using System.Management.Automation;
using ApiThreat.Engine.Certificates;
using ApiThreat.Engine.Net;
using ApiThreat.Infrastructure;

namespace ApiThreat.Commands;

/// <summary>Fetches each endpoint's TLS certificate and reports its facts, chain, trust and problems.</summary>
[Cmdlet(VerbsCommon.Get, "CertificateIntelligence")]
[OutputType(typeof(CertificateInfo))]
public sealed class GetCertificateIntelligenceCommand : NetworkCmdlet
{
    private readonly HashSet<string> _seen = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Host names, host:port or https URLs; binds HostName (DiscoveredHost, ApiEndpoint) or Url.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Url", "Uri")]
    [ValidateNotNullOrEmpty]
    public string[] HostName { get; set; } = Array.Empty<string>();

    /// <summary>TLS ports (default: the target's own port, else 443).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, 65535)]
    public int[]? Port { get; set; }

    /// <summary>SNI to send (and name to verify) instead of the host name.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ServerName { get; set; }

    [Parameter]
    [ValidateRange(0, 3650)]
    public int ExpiryWarningDays { get; set; } = 30;

    /// <summary>Skip the second (raw TLS 1.2) handshake that detects OCSP stapling; OcspStapling is then NotTested.</summary>
    [Parameter]
    public SwitchParameter SkipOcspCheck { get; set; }

    /// <summary>The piped object's scheme (ApiEndpoint): plain-HTTP endpoints have no certificate and are skipped.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
    public string? Scheme { get; set; }

    protected override void ProcessRecord()
    {
        if (string.Equals(Scheme, "http", StringComparison.OrdinalIgnoreCase))
        {
            WriteVerbose($"Skipping {string.Join(", ", HostName)}: plain HTTP has no certificate.");
            return;
        }
        foreach (var input in HostName)
        {
            if (!ScanTarget.TryParse(input, out var target, out var error))
            {
                WriteError(new ErrorRecord(new ArgumentException(error), "InvalidTarget", ErrorCategory.InvalidArgument, input)
                { ErrorDetails = new ErrorDetails(error) { RecommendedAction = "Give a host name, host:port or an https URL." } });
                continue;
            }
            if (target!.Scheme == "http")
            {
                WriteVerbose($"Skipping {input}: plain HTTP has no certificate.");
                continue;
            }
            Network.Scope.AddImplicitHost(target.Host);
            var ports = Port is { Length: > 0 } ? Port : new[] { target.Port ?? 443 };
            foreach (var port in ports)
            {
                if (!_seen.Add($"{target.Host}|{port}|{ServerName}")) continue;
                var request = new CertificateRequest
                {
                    HostName = target.Host,
                    Port = port,
                    ServerName = ServerName,
                    ExpiryWarningDays = ExpiryWarningDays,
                    CheckOcspStapling = !SkipOcspCheck.IsPresent,
                };
                Start($"{target.Host}:{port}", async (sink, ct) =>
                    await sink.OutputAsync(await CertificateGrabber.GrabAsync(Network, request, ct).ConfigureAwait(false)).ConfigureAwait(false));
            }
        }
    }
}
