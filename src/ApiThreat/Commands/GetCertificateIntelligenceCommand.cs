using System.Management.Automation;
using ApiThreat.Engine.Certificates;
using ApiThreat.Infrastructure;

namespace ApiThreat.Commands;

/// <summary>Fetches each endpoint's TLS certificate and reports its facts, chain, trust and problems.</summary>
[Cmdlet(VerbsCommon.Get, "CertificateIntelligence")]
[OutputType(typeof(CertificateInfo))]
public sealed class GetCertificateIntelligenceCommand : TlsEndpointCmdlet
{
    [Parameter]
    [ValidateRange(0, 3650)]
    public int ExpiryWarningDays { get; set; } = 30;

    /// <summary>Skip the second (raw TLS 1.2) handshake that detects OCSP stapling; OcspStapling is then NotTested.</summary>
    [Parameter]
    public SwitchParameter SkipOcspCheck { get; set; }

    protected override string PlainHttpEndpointNote => "plain HTTP has no certificate.";
    protected override string PlainHttpUrlNote => "plain HTTP has no certificate.";

    protected override Func<CancellationToken, Task<object>> Examine(string host, int port)
    {
        var request = new CertificateRequest
        {
            HostName = host,
            Port = port,
            ServerName = ServerName,
            ExpiryWarningDays = ExpiryWarningDays,
            CheckOcspStapling = !SkipOcspCheck.IsPresent,
        };
        return async ct => await CertificateGrabber.GrabAsync(Network, request, ct).ConfigureAwait(false);
    }
}
