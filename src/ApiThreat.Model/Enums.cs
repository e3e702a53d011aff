namespace ApiThreat;

/// <summary>How bad a finding is. Ordered: comparisons (>=) are meaningful.</summary>
public enum Severity { Info = 0, Low = 1, Medium = 2, High = 3, Critical = 4 }

/// <summary>How sure a check is of what it reports.</summary>
public enum Confidence { Unlikely = 0, Tentative = 1, Potential = 2, Firm = 3, Confirmed = 4 }

/// <summary>How a finding was obtained: by looking only, or by sending probes.</summary>
public enum DetectionMethod { Passive = 0, Active = 1 }

/// <summary>Risk categories: one scoring factor each.</summary>
public enum FindingCategory
{
    DnsHealth,
    TransportSecurity,
    CertificateHealth,
    ApplicationSecurity,
    ApiExposure,
    InventoryHygiene,
    TechnologyCurrency,
    Takeover,
    /// <summary>Digital risk protection: lookalike domains impersonating the organisation, storage it leaves open.</summary>
    DigitalRisk,
}

/// <summary>What an API endpoint is.</summary>
public enum EndpointKind { Unknown, Rest, OpenApi, GraphQL, Soap, Grpc, OpenIdConnect, AsyncApi, Postman, Website }

/// <summary>Where discovery found an API: a well-known or framework-default path, a crawled link, a script, its source map, a specification, robots.txt, a sitemap, a response header, an API root listing its resources, or the URL the user gave.</summary>
public enum ApiSource { WellKnownPath, FrameworkDefault, Crawl, JavaScript, SourceMap, Spec, RobotsTxt, Sitemap, Header, ApiRoot, UserInput }

/// <summary>The kind of change Compare-ApiInventory reports.</summary>
public enum ChangeType { Added, Removed, Modified }

/// <summary>Syslog facilities (RFC 5424 §6.2.1).</summary>
public enum SyslogFacility
{
    Kernel = 0, User = 1, Mail = 2, Daemon = 3, Auth = 4, Syslog = 5, Lpr = 6, News = 7, Uucp = 8, Cron = 9,
    AuthPriv = 10, Ftp = 11, Ntp = 12, LogAudit = 13, LogAlert = 14, Clock = 15,
    Local0 = 16, Local1 = 17, Local2 = 18, Local3 = 19, Local4 = 20, Local5 = 21, Local6 = 22, Local7 = 23,
}

/// <summary>Where Find-Subdomain looks for names (-Source). Recursive is implied by -Recurse, not chosen with -Source.</summary>
[Flags]
public enum SubdomainSources
{
    None = 0,
    Wordlist = 1,
    ZoneTransfer = 2,
    CertificateTransparency = 4,
    TlsSan = 8,
    Permutation = 16,
    Recursive = 32,
    // Passive providers (Discovery/Subdomains/Passive; CertificateTransparency above is the crt.sh one).
    CertSpotter = 64,
    VirusTotal = 128,
    SecurityTrails = 256,
    Shodan = 512,
    Censys = 1024,
    AlienVault = 2048,
    HackerTarget = 4096,
    UrlScan = 8192,
    WaybackMachine = 16384,
    Chaos = 32768,
    BinaryEdge = 65536,
    /// <summary>PTR records of addresses in -IpRange/-Asn (set on results, not chosen with -Source).</summary>
    ReverseDns = 131072,
    Default = Wordlist | ZoneTransfer | CertificateTransparency | TlsSan | Permutation,
    /// <summary>Every passive provider: those that need a key run when one is given (parameter, environment, SecretManagement).</summary>
    Passive = CertificateTransparency | CertSpotter | VirusTotal | SecurityTrails | Shodan | Censys | AlienVault | HackerTarget | UrlScan
        | WaybackMachine | Chaos | BinaryEdge,
}

/// <summary>The formats of a written report.</summary>
public enum ReportFormat { Html, Markdown }

/// <summary>What a risk score is about: one host, one domain, or the whole organisation.</summary>
public enum RiskScope { Host, Domain, Organization }

/// <summary>The request methods Invoke-HttpProbe sends.</summary>
public enum HttpProbeMethod { Get, Head, Options }
/// <summary>The transport of Send-ApiThreatEvent -Syslog: UDP (RFC 5426), TCP (RFC 6587 octet counting) or TLS (RFC 5425).</summary>
public enum SyslogProtocol { Udp, Tcp, Tls }
/// <summary>What Send-ApiThreatEvent writes: CEF or JSON in syslog messages, or JSON Lines to a file or the pipeline.</summary>
public enum EventFormat { Cef, Json, JsonLines }
/// <summary>The enrichments of a registered lookalike domain that Find-LookalikeDomain -Skip leaves out.</summary>
public enum LookalikeEnrichment { Page, Certificate, Rdap }
/// <summary>How far Invoke-ApiThreatScan goes: Passive reads only; Standard adds spec/path discovery and TLS enumeration; Active adds probes.</summary>
public enum ScanProfile { Passive, Standard, Active }
/// <summary>How one identity's answer in an AuthorizationMatrix compares with the reference answer.</summary>
public enum AuthorizationVerdict { NotSent, Reference, Same, Different, Allowed, Denied, Error }
