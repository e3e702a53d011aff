namespace ApiThreat;

/// <summary>What one URL answered: status, title, server, redirect chain and TLS facts (Invoke-HttpProbe).</summary>
public sealed class HttpProbe
{
    public string Url { get; set; } = "";
    public string HostName { get; set; } = "";
    public int Port { get; set; }
    public string FinalUrl { get; set; } = "";
    public int StatusCode { get; set; }
    public string? Title { get; set; }
    public string? Server { get; set; }
    public string? ContentType { get; set; }
    public long ContentLength { get; set; }
    public bool BodyTruncated { get; set; }
    public double ResponseTimeMs { get; set; }
    public string[] RedirectChain { get; set; } = Array.Empty<string>();
    /// <summary>Why the redirect chain was not followed further (out of scope, loop, scheme), or null.</summary>
    public string? RedirectStopped { get; set; }
    public string? CertificateSubject { get; set; }
    public string? CertificateIssuer { get; set; }
    public DateTimeOffset? CertificateNotAfter { get; set; }
    /// <summary>None, or the TLS policy errors (RemoteCertificateNameMismatch, RemoteCertificateChainErrors...).</summary>
    public string? CertificateErrors { get; set; }
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public override string ToString() => $"{StatusCode} {Url}";
}
