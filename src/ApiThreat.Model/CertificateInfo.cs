namespace ApiThreat;

/// <summary>The certificate a TLS endpoint presented, and how it stands.</summary>
public sealed class CertificateInfo
{
    public string HostName { get; set; } = "";
    public int Port { get; set; } = 443;
    public string? ServerName { get; set; }
    public string? Address { get; set; }
    public string Subject { get; set; } = "";
    public string[] SubjectAlternativeNames { get; set; } = Array.Empty<string>();
    public string Issuer { get; set; } = "";
    public string SerialNumber { get; set; } = "";
    public DateTimeOffset NotBefore { get; set; }
    public DateTimeOffset NotAfter { get; set; }
    public int DaysRemaining { get; set; }
    public string KeyAlgorithm { get; set; } = "";
    public int KeySize { get; set; }
    public string SignatureAlgorithm { get; set; } = "";
    public string Sha256Fingerprint { get; set; } = "";
    /// <summary>Subjects of the chain as the server sent it (leaf first).</summary>
    public string[] ChainAsSent { get; set; } = Array.Empty<string>();
    /// <summary>Subjects of the chain as built against the trust store (leaf first).</summary>
    public string[] ChainAsBuilt { get; set; } = Array.Empty<string>();
    /// <summary>Valid, or the chain problems joined (UntrustedRoot, PartialChain, NotTimeValid...).</summary>
    public string ChainStatus { get; set; } = "";
    public bool IsTrusted { get; set; }
    public bool HostnameMatches { get; set; }
    public bool IsSelfSigned { get; set; }
    public string? Protocol { get; set; }
    public string? CipherSuite { get; set; }
    public bool OcspStapled { get; set; }
    /// <summary>Stapled, NotStapled, or NotTested (with TLS 1.3 only, the staple travels encrypted).</summary>
    public string OcspStapling { get; set; } = "NotTested";
    public bool HasSct { get; set; }
    /// <summary>DER of the leaf, base64, for export and change tracking.</summary>
    public string? RawData { get; set; }
    public Finding[] Findings { get; set; } = Array.Empty<Finding>();

    public override string ToString() => $"{HostName}:{Port} {Subject}";
}
