namespace ApiThreat;

/// <summary>What DNS says of a lookalike candidate.</summary>
public enum LookalikeStatus
{
    /// <summary>NXDOMAIN: nobody holds the name.</summary>
    Unregistered = 0,
    /// <summary>The name has records of its own (addresses, name servers, mail exchangers).</summary>
    Registered = 1,
    /// <summary>No usable answer (REFUSED, SERVFAIL, timeout) or only a wildcard's answer: nothing can be said.</summary>
    Unknown = 2,
    /// <summary>Only generated (-NoResolve): DNS was not asked.</summary>
    NotChecked = 3,
}

/// <summary>
/// A domain that looks like one of the organisation's (typosquat, homoglyph, bitsquat, TLD swap...), made by
/// Find-LookalikeDomain with the fuzzer that produced it and, when registered, what it serves.
/// </summary>
public sealed class LookalikeDomain
{
    /// <summary>The lookalike as DNS knows it (ASCII; punycode for internationalised names).</summary>
    public string Domain { get; set; } = "";
    /// <summary>The lookalike as a reader sees it (Unicode; the same as Domain for ASCII names).</summary>
    public string UnicodeDomain { get; set; } = "";
    /// <summary>The organisation's domain it imitates.</summary>
    public string OriginalDomain { get; set; } = "";
    /// <summary>addition, bitsquatting, cyrillic, dictionary, homoglyph, hyphenation, insertion, omission, plural, repetition, replacement, subdomain, tld-swap, transposition, various, vowel-swap.</summary>
    public string Fuzzer { get; set; } = "";
    public LookalikeStatus Status { get; set; }
    /// <summary>Why the status is what it is (the records seen, NXDOMAIN, or the failure: REFUSED, SERVFAIL, timeout, wildcard).</summary>
    public string StatusReason { get; set; } = "";
    public string[] Addresses { get; set; } = Array.Empty<string>();
    public string[] NameServers { get; set; } = Array.Empty<string>();
    /// <summary>MX hosts: a registered lookalike with MX can receive mail meant for the organisation.</summary>
    public string[] MailServers { get; set; } = Array.Empty<string>();
    /// <summary>True when the name only answered like any random name of its TLD (a wildcard TLD or resolver).</summary>
    public bool IsWildcard { get; set; }
    /// <summary>0-100: how alike the lookalike's web page and the original's are (fuzzy hash of the normalised pages); null when either page could not be read.</summary>
    public int? PageSimilarity { get; set; }
    /// <summary>The fuzzy hash of the lookalike's normalised page.</summary>
    public string? PageHash { get; set; }
    /// <summary>The URL whose page was compared.</summary>
    public string? PageUrl { get; set; }
    /// <summary>DNS names of the certificate the lookalike presents on port 443.</summary>
    public string[] CertificateNames { get; set; } = Array.Empty<string>();
    public string? CertificateIssuer { get; set; }
    /// <summary>Registration date from RDAP.</summary>
    public DateTimeOffset? RegistrationDate { get; set; }
    /// <summary>Expiration date from RDAP.</summary>
    public DateTimeOffset? ExpirationDate { get; set; }
    public string? Registrar { get; set; }
    /// <summary>The RDAP URL asked, or why RDAP was not asked.</summary>
    public string? RdapSource { get; set; }
    public Finding[] Findings { get; set; } = Array.Empty<Finding>();
    public DateTimeOffset FirstSeen { get; set; } = DateTimeOffset.UtcNow;

    public override string ToString() => Domain;
}
