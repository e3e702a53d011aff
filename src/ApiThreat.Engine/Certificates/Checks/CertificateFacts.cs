using System.Security.Cryptography.X509Certificates;
using ApiThreat.Engine.Net.Tls;

namespace ApiThreat.Engine.Certificates.Checks;

/// <summary>What the certificate checks are given: the facts read from the leaf, the chain as presented and as built, the moment and the warning threshold.</summary>
public sealed class CertificateFacts
{
    /// <summary>"host:port", the target of the findings.</summary>
    public required string Target { get; init; }
    public required CertificateInfo Info { get; init; }
    public required CertificateEvidence Presented { get; init; }
    public required BuiltChain Chain { get; init; }
    public required X509Certificate2 Leaf { get; init; }
    public required DateTimeOffset At { get; init; }
    public int ExpiryWarningDays { get; init; } = 30;
}
