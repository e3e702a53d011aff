using System.Management.Automation;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Transport;
using ApiThreat.Infrastructure;

namespace ApiThreat.Commands;

/// <summary>Enumerates the TLS versions and cipher suites a server offers, checks HTTP→HTTPS and HSTS, and grades it.</summary>
[Cmdlet(VerbsDiagnostic.Test, "TransportSecurity")]
[OutputType(typeof(TransportAssessment))]
public sealed class TestTransportSecurityCommand : NetworkCmdlet
{
    private readonly HashSet<string> _seen = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Host names, host:port or https URLs; binds HostName (DiscoveredHost, ApiEndpoint) or Url.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Url", "Uri")]
    [ValidateNotNullOrEmpty]
    public string[] HostName { get; set; } = Array.Empty<string>();

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, 65535)]
    public int[]? Port { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ServerName { get; set; }

    /// <summary>Plain-HTTP port for the redirect check (default 80).</summary>
    [Parameter]
    [ValidateRange(1, 65535)]
    public int HttpPort { get; set; } = 80;

    /// <summary>Skip the plain-HTTP redirect and HSTS checks: TLS only.</summary>
    [Parameter]
    public SwitchParameter SkipHttpCheck { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
    public string? Scheme { get; set; }

    protected override void ProcessRecord()
    {
        if (string.Equals(Scheme, "http", StringComparison.OrdinalIgnoreCase))
        {
            WriteVerbose($"Skipping {string.Join(", ", HostName)}: a plain-HTTP endpoint has no TLS to assess.");
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
                WriteVerbose($"Skipping {input}: a plain-HTTP URL has no TLS to assess.");
                continue;
            }
            Network.Scope.AddImplicitHost(target.Host);
            var ports = Port is { Length: > 0 } ? Port : new[] { target.Port ?? 443 };
            foreach (var port in ports)
            {
                if (!_seen.Add($"{target.Host}|{port}|{ServerName}")) continue;
                var request = new TransportRequest
                {
                    HostName = target.Host,
                    Port = port,
                    ServerName = ServerName,
                    HttpPort = SkipHttpCheck.IsPresent ? null : HttpPort,
                    CheckHsts = !SkipHttpCheck.IsPresent,
                };
                Start($"{target.Host}:{port}", async (sink, ct) =>
                    await sink.OutputAsync(await TransportAssessor.AssessAsync(Network, request, ct).ConfigureAwait(false)).ConfigureAwait(false));
            }
        }
    }
}
