using System.Globalization;
using ApiThreat.Engine.Certificates;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Net.Tls;
using ApiThreat.Engine.Transport.Checks;

namespace ApiThreat.Engine.Transport;

/// <summary>What to assess: one TLS endpoint, and the plain-HTTP port to check for a redirect.</summary>
public sealed class TransportRequest
{
    public required string HostName { get; init; }
    public int Port { get; init; } = 443;
    public string? ServerName { get; init; }
    /// <summary>Plain-HTTP port for the redirect check; null skips it (HttpRedirectsToHttps stays null).</summary>
    public int? HttpPort { get; init; } = 80;
    public bool CheckHsts { get; init; } = true;
}

/// <summary>
/// Test-TransportSecurity's engine: protocol and suite enumeration with hand-made ClientHellos, the certificate, the
/// HTTP→HTTPS redirect and HSTS, all side by side; then findings and the grade.
/// </summary>
public static class TransportAssessor
{
    public static async Task<TransportAssessment> AssessAsync(NetworkContext network, TransportRequest request, CancellationToken cancellationToken)
    {
        var target = $"{request.HostName}:{request.Port}";
        network.Log($"Enumerating TLS versions and cipher suites of {target}");
        var enumeration = ProtocolEnumerator.EnumerateAsync(network, request.HostName, request.Port, request.ServerName, cancellationToken);
        var certificate = CertificateAsync(network, request, cancellationToken);
        var redirect = request.HttpPort is { } httpPort ? RedirectsAsync(network, request, httpPort, cancellationToken) : Task.FromResult<bool?>(null);
        var hsts = request.CheckHsts ? HstsAsync(network, request, cancellationToken) : Task.FromResult<(bool, string?)>((false, null));
        var versions = await enumeration.ConfigureAwait(false);
        if (versions.All(v => v.Status == "NotTested") && versions.All(v => v.Note?.StartsWith("Connecting", StringComparison.Ordinal) == true))
            throw new TargetException(target, "ConnectFailed", TargetErrorKind.ConnectionError, versions[0].Note!, "Check that the port is open.");
        var (cert, (hstsTested, hstsValue), redirects) = (await certificate.ConfigureAwait(false), await hsts.ConfigureAwait(false), await redirect.ConfigureAwait(false));

        var assessment = new TransportAssessment
        {
            HostName = request.HostName,
            Port = request.Port,
            Protocols = versions.Select(v => new ProtocolSupport { Protocol = TlsVersions.Display(v.Version), Status = v.Status, Note = v.Note }).ToArray(),
            CipherSuites = versions.SelectMany(v => v.Suites.Select(s => new CipherSuiteSupport
            {
                Protocol = TlsVersions.Display(v.Version), Name = s.Name, Code = s.Code, ForwardSecrecy = s.ForwardSecrecy, Aead = s.Aead,
                Strength = s.Strength.ToString(), Bits = s.Bits,
            })).ToArray(),
            HttpRedirectsToHttps = redirects,
            Hsts = hstsValue,
            HstsMaxAge = ParseHstsMaxAge(hstsValue),
            Certificate = cert,
        };
        var offered = versions.Where(v => v.Status == "Offered").ToList();
        var suites = offered.SelectMany(v => v.Suites).DistinctBy(s => s.Code).ToList();
        assessment.Findings = Findings(new TransportEvidence
        {
            Target = target, Versions = versions, Suites = suites, RedirectsToHttps = redirects, HstsTested = hstsTested, Hsts = hstsValue,
            HstsMaxAge = assessment.HstsMaxAge,
        });
        (assessment.Grade, assessment.GradeReasons) = TransportGrader.Grade(new GradeInput
        {
            OfferedVersions = offered.Select(v => v.Version).ToArray(),
            OfferedSuites = suites,
            Certificate = cert,
            HstsMaxAge = assessment.HstsMaxAge,
        });
        return assessment;
    }

    /// <summary>The findings of every transport check (Transport/Checks), in catalogue order.</summary>
    public static Finding[] Findings(TransportEvidence evidence) =>
        Checks<TransportEvidence>.Run(evidence).OrderBy(f => f.RuleId, StringComparer.Ordinal).ToArray();

    /// <summary>max-age in seconds, or null when absent or malformed (RFC 6797 6.1.1: digits, optionally quoted; one directive).</summary>
    public static long? ParseHstsMaxAge(string? header)
    {
        if (string.IsNullOrWhiteSpace(header)) return null;
        long? value = null;
        foreach (var part in header.Split(';'))
        {
            var kv = part.Split('=', 2);
            if (!kv[0].Trim().Equals("max-age", StringComparison.OrdinalIgnoreCase)) continue;
            if (value is not null || kv.Length != 2) return null; // repeated or valueless: invalid
            var text = kv[1].Trim().Trim('"');
            if (text.Length == 0 || text.Length > 18 || !text.All(char.IsAsciiDigit)) return null;
            value = long.Parse(text, CultureInfo.InvariantCulture);
        }
        return value;
    }

    private static async Task<CertificateInfo?> CertificateAsync(NetworkContext network, TransportRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await CertificateGrabber.GrabAsync(network, new Certificates.CertificateRequest
            { HostName = request.HostName, Port = request.Port, ServerName = request.ServerName, CheckOcspStapling = false }, cancellationToken).ConfigureAwait(false);
        }
        catch (OutOfScopeException) { throw; }
        catch (TargetException ex)
        {
            network.Log($"{request.HostName}:{request.Port}: no certificate for grading ({ex.Message})");
            return null;
        }
    }

    /// <summary>
    /// True when plain HTTP answers with (or ends on, through http:// hops) a redirect to https; false when it serves
    /// content; null when the port is closed. The https:// target is not fetched: where the redirect points is the
    /// answer (Caddy, say, redirects to the standard port 443 whatever port it serves HTTPS on).
    /// </summary>
    private static async Task<bool?> RedirectsAsync(NetworkContext network, TransportRequest request, int httpPort, CancellationToken cancellationToken)
    {
        var uri = new ScanTarget { Input = request.HostName, Host = request.HostName }.ToUri("http", httpPort);
        try
        {
            var headers = SiteHost(request, httpPort);
            var first = await network.Http.SendAsync(new HttpProbeRequest { Uri = uri, Method = "GET", Headers = headers, FollowRedirects = false, MaxBodyBytes = 16 * 1024 }, cancellationToken).ConfigureAwait(false);
            if (RedirectTarget(first) is not { } next) return false;
            if (next.Scheme == "https") return true;
            // An http:// hop first (a path or host canonicalisation): follow the chain, in scope, to see where it ends.
            var response = await network.Http.SendAsync(new HttpProbeRequest { Uri = uri, Method = "GET", Headers = headers, MaxBodyBytes = 16 * 1024 }, cancellationToken).ConfigureAwait(false);
            return response.FinalUri.Scheme == "https" || RedirectTarget(response)?.Scheme == "https";
        }
        catch (OutOfScopeException) { throw; }
        catch (TargetException ex) when (ex.Kind is TargetErrorKind.ConnectionError or TargetErrorKind.Timeout)
        {
            network.Log($"{uri}: not answering ({ex.Message}); redirect check not applicable");
            return null;
        }
    }

    private static Uri? RedirectTarget(HttpProbeResult r) =>
        r.StatusCode is >= 300 and < 400 && r.Header("Location") is { } location && Uri.TryCreate(r.FinalUri, location, out var next) ? next : null;

    /// <summary>
    /// The site's own name as the Host header (and so, on https, the SNI name) when -ServerName names it and the
    /// target is an address or another name: virtual hosts answer for their name, and some (Caddy) have no
    /// certificate for a bare address at all.
    /// </summary>
    private static IReadOnlyList<KeyValuePair<string, string>>? SiteHost(TransportRequest request, int port) =>
        request.ServerName is { Length: > 0 } name && !string.Equals(name, request.HostName, StringComparison.OrdinalIgnoreCase)
            ? new[] { KeyValuePair.Create("Host", port is 80 or 443 ? name : $"{name}:{port}") }
            : null;

    private static async Task<(bool Tested, string? Value)> HstsAsync(NetworkContext network, TransportRequest request, CancellationToken cancellationToken)
    {
        var uri = new ScanTarget { Input = request.HostName, Host = request.HostName }.ToUri("https", request.Port);
        try
        {
            var response = await network.Http.SendAsync(new HttpProbeRequest
            {
                Uri = uri, Method = "GET", Headers = SiteHost(request, request.Port), FollowRedirects = false, MaxBodyBytes = 16 * 1024,
            }, cancellationToken).ConfigureAwait(false);
            return (true, response.Header("Strict-Transport-Security"));
        }
        catch (OutOfScopeException) { throw; }
        catch (TargetException ex)
        {
            network.Log($"{uri}: HSTS not tested ({ex.Message})");
            return (false, null);
        }
    }
}
