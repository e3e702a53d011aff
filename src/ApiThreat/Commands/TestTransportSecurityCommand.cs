using System.Management.Automation;
using ApiThreat.Engine.Transport;
using ApiThreat.Infrastructure;

namespace ApiThreat.Commands;

/// <summary>Enumerates the TLS versions and cipher suites a server offers, checks HTTP→HTTPS and HSTS, and grades it.</summary>
[Cmdlet(VerbsDiagnostic.Test, "TransportSecurity")]
[OutputType(typeof(TransportAssessment))]
public sealed class TestTransportSecurityCommand : TlsEndpointCmdlet
{
    /// <summary>Plain-HTTP port for the redirect check (default 80).</summary>
    [Parameter]
    [ValidateRange(1, 65535)]
    public int HttpPort { get; set; } = 80;

    /// <summary>Skip the plain-HTTP redirect and HSTS checks: TLS only.</summary>
    [Parameter]
    public SwitchParameter SkipHttpCheck { get; set; }

    protected override string PlainHttpEndpointNote => "a plain-HTTP endpoint has no TLS to assess.";
    protected override string PlainHttpUrlNote => "a plain-HTTP URL has no TLS to assess.";

    protected override Func<CancellationToken, Task<object>> Examine(string host, int port)
    {
        var request = new TransportRequest
        {
            HostName = host,
            Port = port,
            ServerName = ServerName,
            HttpPort = SkipHttpCheck.IsPresent ? null : HttpPort,
            CheckHsts = !SkipHttpCheck.IsPresent,
        };
        return async ct => await TransportAssessor.AssessAsync(Network, request, ct).ConfigureAwait(false);
    }
}
