using System.Management.Automation;
using ApiThreat.Engine.Discovery.Subdomains;

namespace ApiThreat.Infrastructure;

/// <summary>
/// The subdomain-discovery parameters Find-Subdomain and Invoke-ApiThreatScan share (wordlist, Certificate
/// Transparency endpoint, TLS ports, name-server port), and their validation, stated once.
/// </summary>
public abstract class SubdomainSourceCmdlet : NetworkCmdlet
{
    /// <summary>A file of labels, one per line (default: the bundled API and cloud wordlist).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Wordlist { get; set; }

    /// <summary>A crt.sh-compatible search endpoint (default https://crt.sh/).</summary>
    [Parameter]
    public Uri? CertificateTransparencyUri { get; set; }

    /// <summary>Ports whose TLS certificates are read (default 443).</summary>
    [Parameter]
    [ValidateRange(1, 65535)]
    public int[] TlsPort { get; set; } = { 443 };

    /// <summary>Port of the authoritative name servers for zone transfers and NS checks (NS records carry no port).</summary>
    [Parameter]
    [ValidateRange(1, 65535)]
    public int NameServerPort { get; set; } = 53;

    /// <summary>-Wordlist resolved (default: the bundled list) and checked readable; a bad one terminates (InvalidWordlist).</summary>
    protected string WordlistPath()
    {
        var wordlist = Wordlist is null ? DataPaths.SubdomainWordlist : GetUnresolvedProviderPathFromPSPath(Wordlist);
        if (Engine.Discovery.Subdomains.Wordlist.Validate(wordlist) is { } error)
            ThrowTerminatingError(InputErrors.Parameter(error, "InvalidWordlist", Wordlist ?? wordlist, "Give -Wordlist a readable text file with one label per line."));
        return wordlist;
    }

    /// <summary>-CertificateTransparencyUri (default crt.sh), which must be an http(s) URL (InvalidCertificateTransparencyUri).</summary>
    protected Uri CertificateTransparencyEndpoint()
    {
        var ct = CertificateTransparencyUri ?? CertificateTransparencySource.DefaultEndpoint;
        if (!ct.IsAbsoluteUri || ct.Scheme is not ("http" or "https"))
            ThrowTerminatingError(InputErrors.Parameter($"-CertificateTransparencyUri '{ct}' is not an http(s) URL.", "InvalidCertificateTransparencyUri", ct));
        return ct;
    }
}
