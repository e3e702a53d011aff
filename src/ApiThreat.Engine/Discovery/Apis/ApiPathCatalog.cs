namespace ApiThreat.Engine.Discovery.Apis;

/// <summary>What a probe path is for, which decides how its answer is judged.</summary>
public enum ProbeKind
{
    /// <summary>A document that may be an API description (OpenAPI, Swagger, AsyncAPI, Postman, WADL, WSDL).</summary>
    Spec,
    /// <summary>An HTML page that may be Swagger UI, ReDoc or another documentation viewer naming a spec URL.</summary>
    DocPage,
    /// <summary>A path where a REST API is often rooted (/api, /v1...): judged by API signals.</summary>
    Versioned,
    /// <summary>A GraphQL endpoint: POST of the minimal query {__typename}.</summary>
    GraphQl,
    /// <summary>A script that may embed a spec or name its URL (swagger-ui-express's swagger-ui-init.js).</summary>
    Script,
    /// <summary>An API root that may list its resources (DRF's root view, HAL, JSON:API, OData, json-server's /db).</summary>
    ApiRoot,
    /// <summary>A framework's own HTML table of its routes (Rails' /rails/info/routes in development): each row an operation.</summary>
    RouteTable,
    /// <summary>
    /// A documented operation of a server's own API (Prometheus' /api/v1/targets, Pushgateway's /metrics/job/{job}): one
    /// GET; kept, with the methods its documentation names, when it answers like an API or refuses GET naming them in Allow.
    /// </summary>
    Operation,
    /// <summary>A server product's own status or version endpoint (etcd /version, InfluxDB /ping, Jupyter /api): its answer names the product, whose documented API it stands for (ServerApis).</summary>
    ServerStatus,
}

/// <summary>
/// One path discovery tries, the kind of answer it looks for, the shallowest depth that tries it, and whether -Depth
/// Standard asks it of every origin (the first wave) or only of one that showed an API signal.
/// </summary>
public sealed record ProbePath(string Path, ProbeKind Kind, DiscoveryDepth Depth, bool FirstWave = false);

/// <summary>
/// The documented lists: API ports probed by default, host labels tried under a -Domain, and the well-known paths
/// per depth. Kept in one place so help, tests and code agree.
/// </summary>
public static class ApiPathCatalog
{
    /// <summary>Ports tried when -Port is not given: web (80, 443), alternates (8080, 8443) and common API/framework ports.</summary>
    public static readonly int[] DefaultPorts = { 80, 443, 8080, 8443, 3000, 5000, 8000, 8001, 8081, 8888, 9000, 9443 };

    /// <summary>Host labels tried under a domain when no subdomain discovery ran (api.contoso.com, graphql.contoso.com...).</summary>
    public static readonly string[] ApiHostLabels =
    {
        "api", "apis", "api1", "api2", "api-v1", "api-v2", "rest", "graphql", "gql", "gateway", "apigw", "api-gateway", "developer",
        "developers", "dev-api", "api-dev", "staging-api", "api-staging", "sandbox", "sandbox-api", "api-sandbox", "partner", "partners",
        "mobile", "mobile-api", "m-api", "auth", "oauth", "sso", "login", "id", "identity", "accounts", "services", "service", "ws",
        "soap", "webservices", "grpc", "docs", "swagger", "openapi", "portal", "internal-api", "admin-api", "b2b", "integration",
    };

    public static readonly ProbePath[] Paths =
    {
        // Standard: the spec locations of the most used frameworks and the common API roots.
        new("/openapi.json", ProbeKind.Spec, DiscoveryDepth.Standard, FirstWave: true),
        new("/openapi.yaml", ProbeKind.Spec, DiscoveryDepth.Standard),
        new("/swagger.json", ProbeKind.Spec, DiscoveryDepth.Standard, FirstWave: true),
        new("/swagger.yaml", ProbeKind.Spec, DiscoveryDepth.Standard),
        new("/v2/api-docs", ProbeKind.Spec, DiscoveryDepth.Standard, FirstWave: true),
        new("/v3/api-docs", ProbeKind.Spec, DiscoveryDepth.Standard, FirstWave: true),
        new("/swagger/v1/swagger.json", ProbeKind.Spec, DiscoveryDepth.Standard, FirstWave: true),
        new("/api/openapi.json", ProbeKind.Spec, DiscoveryDepth.Standard),
        new("/asyncapi.json", ProbeKind.Spec, DiscoveryDepth.Standard),
        new("/asyncapi.yaml", ProbeKind.Spec, DiscoveryDepth.Standard),
        new("/application.wadl", ProbeKind.Spec, DiscoveryDepth.Standard),
        new("/?wsdl", ProbeKind.Spec, DiscoveryDepth.Standard, FirstWave: true),
        new("/swagger/index.html", ProbeKind.DocPage, DiscoveryDepth.Standard, FirstWave: true),
        new("/swagger-ui/index.html", ProbeKind.DocPage, DiscoveryDepth.Standard),
        new("/docs", ProbeKind.DocPage, DiscoveryDepth.Standard, FirstWave: true),
        new("/redoc", ProbeKind.DocPage, DiscoveryDepth.Standard),
        // swagger-ui-express's default mount (its page, not a spec; the Deep entry below asks it for a spec).
        new("/api-docs", ProbeKind.DocPage, DiscoveryDepth.Standard, FirstWave: true),
        new("/api", ProbeKind.Versioned, DiscoveryDepth.Standard, FirstWave: true),
        new("/api/v1", ProbeKind.Versioned, DiscoveryDepth.Standard, FirstWave: true),
        new("/api/v2", ProbeKind.Versioned, DiscoveryDepth.Standard),
        new("/v1", ProbeKind.Versioned, DiscoveryDepth.Standard, FirstWave: true),
        new("/v2", ProbeKind.Versioned, DiscoveryDepth.Standard),
        new("/graphql", ProbeKind.GraphQl, DiscoveryDepth.Standard, FirstWave: true),
        new("/api/graphql", ProbeKind.GraphQl, DiscoveryDepth.Standard),

        // Deep: further framework defaults, alternates and legacy locations.
        new("/openapi.yml", ProbeKind.Spec, DiscoveryDepth.Deep),
        new("/swagger.yml", ProbeKind.Spec, DiscoveryDepth.Deep),
        new("/api-docs", ProbeKind.Spec, DiscoveryDepth.Deep),
        new("/api-docs.json", ProbeKind.Spec, DiscoveryDepth.Deep),
        new("/api/swagger.json", ProbeKind.Spec, DiscoveryDepth.Deep),
        new("/api/openapi.yaml", ProbeKind.Spec, DiscoveryDepth.Deep),
        new("/api/v1/openapi.json", ProbeKind.Spec, DiscoveryDepth.Deep),
        new("/api/v1/swagger.json", ProbeKind.Spec, DiscoveryDepth.Deep),
        new("/api/swagger/v1/swagger.json", ProbeKind.Spec, DiscoveryDepth.Deep),
        new("/swagger/v2/swagger.json", ProbeKind.Spec, DiscoveryDepth.Deep),
        new("/swagger/docs/v1", ProbeKind.Spec, DiscoveryDepth.Deep),
        new("/swagger-resources", ProbeKind.Spec, DiscoveryDepth.Deep),
        new("/v3/api-docs.yaml", ProbeKind.Spec, DiscoveryDepth.Deep),
        new("/openapi/v3", ProbeKind.Spec, DiscoveryDepth.Deep),
        new("/.well-known/openapi.json", ProbeKind.Spec, DiscoveryDepth.Deep),
        new("/spec.json", ProbeKind.Spec, DiscoveryDepth.Deep),
        new("/asyncapi.yml", ProbeKind.Spec, DiscoveryDepth.Deep),
        new("/postman_collection.json", ProbeKind.Spec, DiscoveryDepth.Deep),
        new("/collection.json", ProbeKind.Spec, DiscoveryDepth.Deep),
        new("/api/postman_collection.json", ProbeKind.Spec, DiscoveryDepth.Deep),
        new("/api/application.wadl", ProbeKind.Spec, DiscoveryDepth.Deep),
        new("/rest/application.wadl", ProbeKind.Spec, DiscoveryDepth.Deep),
        new("/services?wsdl", ProbeKind.Spec, DiscoveryDepth.Deep),
        new("/service?wsdl", ProbeKind.Spec, DiscoveryDepth.Deep),
        new("/ws?wsdl", ProbeKind.Spec, DiscoveryDepth.Deep),
        new("/soap?wsdl", ProbeKind.Spec, DiscoveryDepth.Deep),
        new("/Service.asmx?wsdl", ProbeKind.Spec, DiscoveryDepth.Deep),
        new("/Service.svc?wsdl", ProbeKind.Spec, DiscoveryDepth.Deep),
        new("/swagger-ui.html", ProbeKind.DocPage, DiscoveryDepth.Deep),
        new("/swagger", ProbeKind.DocPage, DiscoveryDepth.Deep),
        new("/swagger-ui", ProbeKind.DocPage, DiscoveryDepth.Deep),
        new("/api/docs", ProbeKind.DocPage, DiscoveryDepth.Deep),
        new("/api-docs/index.html", ProbeKind.DocPage, DiscoveryDepth.Deep),
        new("/redoc.html", ProbeKind.DocPage, DiscoveryDepth.Deep),
        new("/docs/api", ProbeKind.DocPage, DiscoveryDepth.Deep),
        new("/v3", ProbeKind.Versioned, DiscoveryDepth.Deep),
        new("/api/v3", ProbeKind.Versioned, DiscoveryDepth.Deep),
        new("/rest", ProbeKind.Versioned, DiscoveryDepth.Deep),
        new("/rest/v1", ProbeKind.Versioned, DiscoveryDepth.Deep),
        new("/api/rest", ProbeKind.Versioned, DiscoveryDepth.Deep),
        new("/services", ProbeKind.Versioned, DiscoveryDepth.Deep),
        new("/odata", ProbeKind.Versioned, DiscoveryDepth.Deep),
        new("/jsonrpc", ProbeKind.Versioned, DiscoveryDepth.Deep),
        new("/graphql/v1", ProbeKind.GraphQl, DiscoveryDepth.Deep),
        new("/v1/graphql", ProbeKind.GraphQl, DiscoveryDepth.Deep),
        new("/api/v1/graphql", ProbeKind.GraphQl, DiscoveryDepth.Deep),
        new("/query", ProbeKind.GraphQl, DiscoveryDepth.Deep),
        new("/gql", ProbeKind.GraphQl, DiscoveryDepth.Deep),
        new("/graphiql", ProbeKind.GraphQl, DiscoveryDepth.Deep),
        new("/playground", ProbeKind.GraphQl, DiscoveryDepth.Deep),
        new("/index.php?graphql", ProbeKind.GraphQl, DiscoveryDepth.Deep),
    };

    public static IEnumerable<ProbePath> For(DiscoveryDepth depth) => Paths.Where(p => p.Depth <= depth);

    /// <summary>
    /// The first wave of -Depth Standard, asked of every origin: where FastAPI, springdoc, Springfox, Swashbuckle,
    /// swagger-ui-express and most hand-written servers put their description, documentation page, REST root and
    /// GraphQL endpoint, and a SOAP WSDL — even behind an HTML home page or a bare 404.
    /// </summary>
    public static readonly ProbePath[] FirstWavePaths = Paths.Where(p => p.FirstWave).ToArray();
}
