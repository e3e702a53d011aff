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
}

/// <summary>What an API endpoint is.</summary>
public enum EndpointKind { Unknown, Rest, OpenApi, GraphQL, Soap, Grpc, OpenIdConnect, AsyncApi, Postman, Website }

/// <summary>The kind of change Compare-ApiInventory reports.</summary>
public enum ChangeType { Added, Removed, Modified }
