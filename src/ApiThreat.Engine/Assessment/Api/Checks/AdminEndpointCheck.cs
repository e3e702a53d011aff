using System.Text.RegularExpressions;
using ApiThreat.Engine.Specs.Checks;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>
/// ATR-API-002: management and diagnostic paths (and the specification's administrative reads) that answer without
/// credentials. A path with a content signature counts only when its content matches; one without counts only when it
/// serves real content that is not a login page.
/// </summary>
public sealed class AdminEndpointCheck : IAsyncCheck<ApiProbe>
{
    private static readonly TimeSpan s_regexTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>Diagnostic paths, with what their content looks like when they are really exposed.</summary>
    private static readonly (string Path, Regex? Signature, Severity? Severity)[] s_paths =
    {
        ("/admin", null, null),
        ("/actuator", Sig(@"""_links""\s*:"), null),
        ("/actuator/env", Sig(@"""propertySources""|""activeProfiles"""), Severity.Critical),
        ("/actuator/heapdump", Sig(@"^JAVA PROFILE"), Severity.Critical),
        ("/actuator/mappings", Sig(@"""dispatcherServlets?""|""mappings"""), null),
        ("/actuator/configprops", Sig(@"""contexts""\s*:|""beans""\s*:"), null),
        ("/env", Sig(@"""propertySources""|(?m)^(PATH|HOME|JAVA_HOME|AWS_[A-Z_]+)="), Severity.Critical),
        ("/heapdump", Sig(@"^JAVA PROFILE"), Severity.Critical),
        ("/debug", null, null),
        ("/debug/vars", Sig(@"""memstats""\s*:|""cmdline""\s*:"), null),
        ("/debug/pprof/", Sig(@"Types of profiles available|<a href=['""]?goroutine\?debug=|/debug/pprof/goroutine"), null),
        ("/internal", null, null),
        // Telemetry (Prometheus exposition, Dropwizard): internals and names, not secrets or control: Medium.
        ("/metrics", Sig(@"(?m)^# (HELP|TYPE) \w+|""names""\s*:\s*\[\s*""jvm\."), Severity.Medium),
        ("/server-status", Sig(@"Apache Server Status|Server uptime:|Scoreboard Key"), null),
        // Apache's /server-info (mod_info) is ATR-EXPO-035 (ApacheServerInfoCheck), asked of Apache origins only.
        // HAProxy's statistics page: "stats enable" serves it at /haproxy?stats (its documented default), often moved to /stats.
        ("/haproxy?stats", Sig(@"Statistics Report for HAProxy|<title>Statistics Report for pid"), null),
        ("/stats", Sig(@"Statistics Report for HAProxy|<title>Statistics Report for pid"), null),
        ("/phpinfo.php", Sig(@"phpinfo\(\)|<title>PHP \d"), null),
        // Jolokia's version answer (https://jolokia.org/reference/html/protocol.html#version): not the bare word, which
        // a server that echoes the path it was asked (Webdis: {"jolokia":[false,"ERR unknown command 'jolokia'..."]}) also sends.
        ("/jolokia", Sig(@"""agent""\s*:|""protocol""\s*:\s*""\d"), null),
        ("/h2-console", Sig(@"H2 Console"), null),
        // Tomcat's manager and host-manager (tomcat*-admin): 401 with a Basic challenge unless someone opened them up.
        ("/manager/html", Sig(@"<title>/manager</title>|Tomcat Web Application Manager"), null),
        ("/host-manager/html", Sig(@"Tomcat Virtual Host Manager"), null),
    };

    /// <summary>Whether a path is one of the management paths probed by guess (not part of the API under test).</summary>
    internal static bool IsDiagnosticPath(string path) =>
        s_paths.Any(p => string.Equals(p.Path, path, StringComparison.OrdinalIgnoreCase)) || WebServerIdentity.IsAdminPagePath(path);

    private static Regex Sig(string pattern) => new(pattern, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, s_regexTimeout);

    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ApiRules.AdminEndpointExposed };

    public async Task<IReadOnlyList<Finding>> RunAsync(ApiProbe probe, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        var origin = ApiProbe.Origin(probe.Request.Url);
        var candidates = s_paths.Select(a => (Uri: new Uri(origin, a.Path), a.Path, a.Signature, a.Severity)).ToList();
        // Administrative-looking operations of the spec are probed as well (when they need no path parameters).
        // A monitoring server's documented status reads are judged by ATR-EXPO-017/018 (MonitoringServer), not as admin reads.
        var monitoring = probe.Request.Operations.Any(o => MonitoringServer.Covers(o.Path)) && (await MonitoringServer.IdentifyAsync(probe).ConfigureAwait(false)).Count > 0;
        // Redis Commander's GET /config is its page's UI preferences (sidebar width, folding character; lib/routes/home.js),
        // no server configuration: the tool itself is judged by ATR-EXPO-040.
        var redisCommander = RedisCommanderOpenCheck.IsPage(probe.Baseline);
        foreach (var op in probe.Request.Operations.Where(o => o.Method == "GET" && !o.Path.Contains('{')))
        {
            if (redisCommander && op.Path.EndsWith("/config", StringComparison.Ordinal)) continue;
            if (SpecNames.IsAdministrative(op.Path) && op.AllowsAnonymous && !(monitoring && MonitoringServer.Covers(op.Path)))
                candidates.Add((probe.OperationUri(op.Path), op.Path, null, null));
        }
        foreach (var (uri, path, signature, severity) in candidates.DistinctBy(c => c.Uri.AbsoluteUri))
        {
            if (probe.SiteHasSoft404 && signature is null) continue; // a catch-all 200 site: only content signatures count
            var r = await probe.SendAsync(uri).ConfigureAwait(false);
            if (r is null) continue;
            // A login form (after redirects, or a 200 with a password field), a 401/403 or a single-sign-on redirect:
            // the path is protected, whatever it is called.
            if (Exposure.LoginPage.ProtectedBecause(r) is { } why) { probe.Network.Log($"Test-ApiSecurity: {uri.AbsolutePath} is protected: {why}"); continue; }
            if (!probe.IsRealContent(r)) continue;
            // Bull Board's queue list under an /admin/... mount is judged by ATR-EXPO-041, which says what it gives away.
            if (signature is null && BullBoardOpenCheck.Read(r!.Body) is not null) continue;
            var text = r!.Text;
            var signed = signature is not null && ResponseSignatures.IsMatch(signature, text);
            if (signature is not null && !signed) continue;
            findings.Add(probe.Finding(ApiRules.AdminEndpointExposed, uri.AbsolutePath,
                $"GET {uri.AbsolutePath} answered {r.StatusCode} without credentials ({r.ContentType ?? "no content type"}, {r.Body.Length} bytes){(signed ? ", content matches " + path : "")}",
                signed ? Confidence.Confirmed : Confidence.Tentative, severity: severity));
        }
        return findings;
    }
}
