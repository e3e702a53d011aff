using ApiThreat.Engine.Net.Tls;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Transport.Checks;

/// <summary>Legacy protocol versions accepted (SSL 3.0, TLS 1.0, TLS 1.1), no modern version, no TLS 1.3.</summary>
internal sealed class ProtocolVersionCheck : ICheck<TransportEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[]
    {
        TransportRules.Ssl3Offered, TransportRules.Tls10Offered, TransportRules.Tls11Offered, TransportRules.NoModernProtocol, TransportRules.NoTls13,
    };

    public IEnumerable<Finding> Run(TransportEvidence evidence)
    {
        var target = evidence.Target;
        if (evidence.Status(TlsVersion.Ssl3) == "Offered") yield return TransportRules.Ssl3Offered.ToFinding(target, "the server accepted an SSL 3.0 ClientHello");
        if (evidence.Status(TlsVersion.Tls10) == "Offered") yield return TransportRules.Tls10Offered.ToFinding(target, "the server accepted a TLS 1.0 ClientHello");
        if (evidence.Status(TlsVersion.Tls11) == "Offered") yield return TransportRules.Tls11Offered.ToFinding(target, "the server accepted a TLS 1.1 ClientHello");
        if (evidence.Status(TlsVersion.Tls12) == "NotOffered" && evidence.Status(TlsVersion.Tls13) == "NotOffered")
            yield return TransportRules.NoModernProtocol.ToFinding(target, "TLS 1.2 and TLS 1.3 ClientHellos were both refused");
        if (evidence.Status(TlsVersion.Tls13) == "NotOffered" && evidence.Versions.Any(v => v.Status == "Offered"))
            yield return TransportRules.NoTls13.ToFinding(target, evidence.Versions.First(v => v.Version == TlsVersion.Tls13).Note ?? "TLS 1.3 refused");
    }
}
