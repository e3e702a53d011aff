namespace ApiThreat;

/// <summary>What TLS a server offers and how it grades.</summary>
public sealed class TransportAssessment
{
    public string HostName { get; set; } = "";
    public int Port { get; set; } = 443;
    /// <summary>Protocol name to Offered / NotOffered / NotTested.</summary>
    public ProtocolSupport[] Protocols { get; set; } = Array.Empty<ProtocolSupport>();
    public CipherSuiteSupport[] CipherSuites { get; set; } = Array.Empty<CipherSuiteSupport>();
    public bool? HttpRedirectsToHttps { get; set; }
    /// <summary>The Strict-Transport-Security header of the HTTPS response, as sent.</summary>
    public string? Hsts { get; set; }
    /// <summary>Its max-age in seconds; null when absent or malformed.</summary>
    public long? HstsMaxAge { get; set; }
    public string Grade { get; set; } = "";
    public string[] GradeReasons { get; set; } = Array.Empty<string>();
    public CertificateInfo? Certificate { get; set; }
    public Finding[] Findings { get; set; } = Array.Empty<Finding>();

    public override string ToString() => $"{HostName}:{Port} {Grade}";
}

public sealed class ProtocolSupport
{
    public string Protocol { get; set; } = "";
    /// <summary>Offered, NotOffered or NotTested.</summary>
    public string Status { get; set; } = "NotTested";
    public string? Note { get; set; }
    public override string ToString() => $"{Protocol} {Status}";
}

public sealed class CipherSuiteSupport
{
    public string Protocol { get; set; } = "";
    public string Name { get; set; } = "";
    public int Code { get; set; }
    public bool ForwardSecrecy { get; set; }
    public bool Aead { get; set; }
    /// <summary>Recommended, Secure, Weak or Insecure.</summary>
    public string Strength { get; set; } = "";
    /// <summary>Effective symmetric key strength in bits (0 for NULL, 112 for 3DES).</summary>
    public int Bits { get; set; }
    public override string ToString() => $"{Protocol} {Name}";
}
