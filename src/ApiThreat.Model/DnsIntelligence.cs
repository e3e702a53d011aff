namespace ApiThreat;

/// <summary>DNS health of one domain: delegation, mail authentication, CAA, DNSSEC, transfer exposure.</summary>
public sealed class DnsIntelligence
{
    public string Domain { get; set; } = "";
    public string[] NameServers { get; set; } = Array.Empty<string>();
    public string? Soa { get; set; }
    public string[] Mx { get; set; } = Array.Empty<string>();
    public string[] Txt { get; set; } = Array.Empty<string>();
    public SpfRecord? Spf { get; set; }
    public DmarcRecord? Dmarc { get; set; }
    public string[] Caa { get; set; } = Array.Empty<string>();
    /// <summary>A chain of trust exists: DS at the parent and DNSKEY in the zone.</summary>
    public bool DnssecSigned { get; set; }
    /// <summary>The zone publishes DNSKEY (it is signed), whether or not the parent holds a DS for it.</summary>
    public bool DnskeyPublished { get; set; }
    public bool? DnssecValidated { get; set; }
    public string Dnssec => DnssecSigned ? (DnssecValidated == true ? "Signed, validated" : "Signed")
        : DnskeyPublished ? "Signed, no DS" : "Unsigned";
    public bool ZoneTransferOpen { get; set; }
    public string[] ZoneTransferServers { get; set; } = Array.Empty<string>();
    public bool HasWildcard { get; set; }
    public string[] Records { get; set; } = Array.Empty<string>();
    public Finding[] Findings { get; set; } = Array.Empty<Finding>();
    /// <summary>
    /// What could not be checked and why: a lookup that failed (SERVFAIL, timeout, a broken answer) or a name server the
    /// scope did not let us ask. Their rules raised nothing: a failed lookup is never read as a missing record.
    /// </summary>
    public string[] NotChecked { get; set; } = Array.Empty<string>();

    public override string ToString() => Domain;
}

/// <summary>A parsed SPF policy.</summary>
public sealed class SpfRecord
{
    public string Raw { get; set; } = "";
    public string[] Mechanisms { get; set; } = Array.Empty<string>();
    /// <summary>The qualifier of the final all: + - ~ ? or null when absent.</summary>
    public string? AllQualifier { get; set; }
    public int DnsLookupCount { get; set; }
    public override string ToString() => Raw;
}

/// <summary>A parsed DMARC policy.</summary>
public sealed class DmarcRecord
{
    public string Raw { get; set; } = "";
    public string? Policy { get; set; }
    public string? SubdomainPolicy { get; set; }
    public int Percent { get; set; } = 100;
    public string[] Rua { get; set; } = Array.Empty<string>();
    public string[] Ruf { get; set; } = Array.Empty<string>();
    public override string ToString() => Raw;
}
