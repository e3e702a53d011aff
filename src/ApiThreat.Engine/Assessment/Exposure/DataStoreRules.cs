using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Exposure;

/// <summary>
/// Data stores and notebook servers whose HTTP API answers anyone (Test-ApiSecurity): etcd, InfluxDB, Jupyter, ZooKeeper's AdminServer. Each is
/// asked only of an origin that already said what it is, with read-only requests, and reported with key names, counts
/// and database names, never values.
/// </summary>
[RuleSet]
public static class DataStoreRules
{
    private const string Owasp8 = "https://owasp.org/API-Security/editions/2023/en/0xa8-security-misconfiguration/";
    private const string Cwe306 = "https://cwe.mitre.org/data/definitions/306.html";

    private static ThreatRule R(string id, string title, Severity severity, string rationale, string remediation, params string[] references) => new()
    {
        Id = id, Title = title, Severity = severity, Category = FindingCategory.ApiExposure, Cwe = "CWE-306", OwaspApi = "API8:2023",
        Rationale = rationale, Remediation = remediation, References = references,
    };

    public static readonly ThreatRule OpenEtcd = R("ATR-EXPO-020", "etcd key-value store readable without credentials",
        Severity.Critical,
        "etcd's client API answers a range read of the whole keyspace (POST /v3/kv/range, or the v2 /v2/keys) without credentials, as it does unless authentication is enabled: anyone can read every key and value (Kubernetes secrets, service credentials, configuration) and, through the same API, write and delete them.",
        "Enable etcd authentication (create the root user, then 'etcdctl auth enable'), require client certificates (--client-cert-auth with --trusted-ca-file) and keep the client port off public networks.",
        "https://etcd.io/docs/v3.4/op-guide/authentication/", "https://etcd.io/docs/v3.4/op-guide/security/", Owasp8, Cwe306);

    public static readonly ThreatRule OpenInfluxDb = R("ATR-EXPO-021", "InfluxDB queryable without credentials",
        Severity.High,
        "InfluxDB's HTTP API answers SHOW DATABASES (GET /query) without credentials, as InfluxDB 1.x does while auth-enabled = false (its default): anyone can read every measurement, write points (/write) and run administrative statements (DROP DATABASE, CREATE USER).",
        "Set auth-enabled = true in the [http] section after creating an admin user, serve the API over HTTPS, and keep port 8086 off public networks.",
        "https://docs.influxdata.com/influxdb/v1/administration/authentication_and_authorization/", Owasp8, Cwe306);

    public static readonly ThreatRule OpenJupyter = R("ATR-EXPO-022", "Jupyter notebook server without authentication (code execution)",
        Severity.Critical,
        "A Jupyter notebook server lists its files, kernels and terminals (GET /api/contents, /api/kernels, /api/terminals) without a token or password: anyone who reaches it can start a kernel or a terminal and run any code as the server's user, and read or change every file it serves.",
        "Keep token or password authentication on (never --NotebookApp.token='' with an empty password), bind to 127.0.0.1, and put a TLS proxy with its own authentication (JupyterHub) in front of shared servers.",
        "https://jupyter-notebook.readthedocs.io/en/stable/security.html", "https://jupyter-server.readthedocs.io/en/latest/operators/security.html", Cwe306);

    public static readonly ThreatRule OpenZooKeeperAdmin = R("ATR-EXPO-023", "ZooKeeper AdminServer reachable without credentials",
        Severity.Medium,
        "ZooKeeper's AdminServer (embedded Jetty, on by default since 3.5, port 8080 on every interface) answers its commands without credentials: the server's environment and configuration, its clients' addresses and sessions, the paths of ephemeral nodes and watches, and commands that reset statistics. It does not read znode data, but maps the ensemble for an attacker of its client port.",
        "Turn the AdminServer off (admin.enableServer=false, or -Dzookeeper.admin.enableServer=false) or bind it to loopback (admin.serverAddress=127.0.0.1) and reach it through a tunnel; ZooKeeper 3.9 adds authentication for its commands.",
        "https://zookeeper.apache.org/doc/r3.8.0/zookeeperAdmin.html#sc_adminserver_config", Owasp8, Cwe306);
}
