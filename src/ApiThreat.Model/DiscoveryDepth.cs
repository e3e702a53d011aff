namespace ApiThreat;

/// <summary>How many paths API discovery tries on each host:port.</summary>
public enum DiscoveryDepth
{
    /// <summary>The root, robots.txt, security.txt and the OpenID Connect discovery document (4 requests).</summary>
    Passive,
    /// <summary>Passive plus the common specification, documentation, versioned, GraphQL, gRPC and CORS probes (~30 requests).</summary>
    Standard,
    /// <summary>Standard plus a longer list of framework-specific spec paths, GraphQL paths, WSDL/WADL and Postman locations.</summary>
    Deep,
}
