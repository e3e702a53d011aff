using System.Globalization;
using System.Net.Security;
using System.Security.Authentication;
using ApiThreat.Lab.Web;
using Microsoft.AspNetCore.Http;

namespace ApiThreat.Lab.Scenarios;

/// <summary>
/// Ground truth for Test-TransportSecurity. Kestrel hosts get a fixed protocol and suite policy (so results do not
/// depend on the platform's defaults); the legacy and weak hosts run on openssl s_server at security level 0, since
/// .NET on OpenSSL 3 will not offer TLS 1.0/1.1 or NULL suites. Expected findings assume -HttpPort is the Lab's HTTP port.
/// Expect: Grade, Offered (protocols), Suites (per protocol "TLS1.2:NAME"), HttpsPort (s_server hosts), Unavailable (why not),
/// Certificate ("None" when no certificate can be read for grading).
/// </summary>
[ScenarioSet]
public static class TransportScenarios
{
    private const string OneYear = "max-age=31536000; includeSubDomains";

    public static IEnumerable<LabScenario> Scenarios(LabContext lab)
    {
        yield return new LabScenario
        {
            Name = "tls-modern",
            Area = "Transport",
            Description = "TLS 1.2 (ECDHE-ECDSA AEAD only) and TLS 1.3, HTTP redirects to HTTPS, HSTS one year: grade A+, no findings.",
            Tls = Modern,
            Handler = ctx => RedirectOrServe(ctx, lab, lab.HttpsPort, OneYear),
            Expect =
            {
                ["Grade"] = new[] { "A+" },
                ["Offered"] = new[] { "TLS1.2", "TLS1.3" },
                ["Suites"] = new[]
                {
                    "TLS1.2:TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS1.2:TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                    "TLS1.2:TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS1.3:TLS_AES_128_GCM_SHA256",
                    "TLS1.3:TLS_AES_256_GCM_SHA384", "TLS1.3:TLS_CHACHA20_POLY1305_SHA256",
                },
            },
        };
        yield return new LabScenario
        {
            Name = "tls-plain-http",
            Area = "Transport",
            Description = "Modern TLS, but plain HTTP is served as is and HTTPS has no HSTS: grade A.",
            Tls = Modern,
            ExpectedFindings = new[] { "ATR-TLS-009", "ATR-TLS-010" },
            Expect = { ["Grade"] = new[] { "A" }, ["Offered"] = new[] { "TLS1.2", "TLS1.3" } },
        };
        yield return new LabScenario
        {
            Name = "tls-short-hsts",
            Area = "Transport",
            Description = "Modern TLS and a redirect, but HSTS max-age is five minutes: grade A.",
            Tls = Modern,
            Handler = ctx => RedirectOrServe(ctx, lab, lab.HttpsPort, "max-age=300"),
            ExpectedFindings = new[] { "ATR-TLS-011" },
            Expect = { ["Grade"] = new[] { "A" }, ["Offered"] = new[] { "TLS1.2", "TLS1.3" } },
        };
        var legacy = new LabScenario
        {
            Name = "tls-legacy",
            Area = "Transport",
            Description = "openssl s_server offering TLS 1.0, 1.1 and 1.2 (no 1.3), one AEAD and one CBC ECDHE suite; no HSTS: grade B.",
            ExpectedFindings = new[] { "ATR-TLS-002", "ATR-TLS-003", "ATR-TLS-010", "ATR-TLS-012" },
            Expect =
            {
                ["Grade"] = new[] { "B" },
                ["Offered"] = new[] { "TLS1.0", "TLS1.1", "TLS1.2" },
                ["Suites"] = new[]
                {
                    "TLS1.0:TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "TLS1.1:TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
                    "TLS1.2:TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "TLS1.2:TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                },
            },
        };
        yield return OnOpenSsl(lab, legacy, "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-SHA:@SECLEVEL=0",
            "-min_protocol", "TLSv1", "-max_protocol", "TLSv1.2");
        var weak = new LabScenario
        {
            Name = "tls-weak",
            Area = "Transport",
            Certificate = CertKind.Rsa2048,
            Description = "openssl s_server, TLS 1.2 only, with a NULL suite and static-RSA suites beside an ECDHE one; no HSTS: grade F.",
            ExpectedFindings = new[] { "ATR-TLS-005", "ATR-TLS-007", "ATR-TLS-010", "ATR-TLS-012" },
            Expect =
            {
                ["Grade"] = new[] { "F" },
                ["Offered"] = new[] { "TLS1.2" },
                ["Suites"] = new[]
                {
                    "TLS1.2:TLS_RSA_WITH_NULL_SHA256", "TLS1.2:TLS_RSA_WITH_AES_128_CBC_SHA", "TLS1.2:TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                },
            },
        };
        yield return OnOpenSsl(lab, weak, "-cipher", "ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA:NULL-SHA256:@SECLEVEL=0",
            "-min_protocol", "TLSv1.2", "-max_protocol", "TLSv1.2");

        // Suites and versions many OpenSSL 3 builds no longer have at all: each scenario asks openssl first, and
        // carries the reason instead of a port when it cannot be served here.
        var tripleDes = new LabScenario
        {
            Name = "tls-3des",
            Area = "Transport",
            Certificate = CertKind.Rsa2048,
            Description = "openssl s_server, TLS 1.2 only, with the static-RSA 3DES suite (Sweet32) beside an ECDHE AEAD one; no HSTS: grade C.",
            ExpectedFindings = new[] { "ATR-TLS-006", "ATR-TLS-007", "ATR-TLS-010", "ATR-TLS-012" },
            Expect =
            {
                ["Grade"] = new[] { "C" },
                ["Offered"] = new[] { "TLS1.2" },
                ["Suites"] = new[] { "TLS1.2:TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS1.2:TLS_RSA_WITH_3DES_EDE_CBC_SHA" },
            },
        };
        yield return OnOpenSslIf(OpenSslServer.Supports("DES-CBC3-SHA", Array.Empty<string>(), out var no3des), no3des, lab, tripleDes,
            "-cipher", "ECDHE-RSA-AES128-GCM-SHA256:DES-CBC3-SHA:@SECLEVEL=0", "-min_protocol", "TLSv1.2", "-max_protocol", "TLSv1.2");

        var legacyProvider = new[] { "-provider", "legacy", "-provider", "default" };
        var rc4 = new LabScenario
        {
            Name = "tls-rc4",
            Area = "Transport",
            Certificate = CertKind.Rsa2048,
            Description = "openssl s_server (legacy provider), TLS 1.2 only, with RC4-SHA beside an ECDHE AEAD suite; no HSTS: grade C.",
            ExpectedFindings = new[] { "ATR-TLS-005", "ATR-TLS-007", "ATR-TLS-010", "ATR-TLS-012" },
            Expect =
            {
                ["Grade"] = new[] { "C" },
                ["Offered"] = new[] { "TLS1.2" },
                ["Suites"] = new[] { "TLS1.2:TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS1.2:TLS_RSA_WITH_RC4_128_SHA" },
            },
        };
        yield return OnOpenSslIf(OpenSslServer.Supports("RC4-SHA", legacyProvider, out var noRc4), noRc4, lab, rc4,
            legacyProvider.Concat(new[] { "-cipher", "ECDHE-RSA-AES128-GCM-SHA256:RC4-SHA:@SECLEVEL=0", "-min_protocol", "TLSv1.2", "-max_protocol", "TLSv1.2" }).ToArray());

        var ssl3 = new LabScenario
        {
            Name = "tls-ssl3",
            Area = "Transport",
            Certificate = CertKind.Rsa2048,
            Description = "openssl s_server speaking only SSL 3.0 with a static-RSA CBC suite: no certificate can be read (neither .NET nor a TLS 1.2 hello gets one), HSTS cannot be fetched; grade C.",
            ExpectedFindings = new[] { "ATR-TLS-001", "ATR-TLS-004", "ATR-TLS-007", "ATR-TLS-008", "ATR-TLS-012" },
            Expect =
            {
                ["Grade"] = new[] { "C" },
                ["Offered"] = new[] { "SSLv3" },
                ["Suites"] = new[] { "SSLv3:TLS_RSA_WITH_AES_128_CBC_SHA" },
                ["Certificate"] = new[] { "None" },
            },
        };
        yield return OnOpenSslIf(OpenSslServer.HasServerOption("-ssl3", out var noSsl3), noSsl3, lab, ssl3,
            "-ssl3", "-cipher", "AES128-SHA:@SECLEVEL=0");
    }

    /// <summary>Serves from openssl when it has what the scenario needs; otherwise the scenario carries the reason.</summary>
    private static LabScenario OnOpenSslIf(bool available, string reason, LabContext lab, LabScenario scenario, params string[] arguments)
    {
        if (available) return OnOpenSsl(lab, scenario, arguments);
        scenario.Expect["Unavailable"] = new[] { reason };
        return scenario;
    }

    private static void Modern(SslServerAuthenticationOptions options)
    {
        options.EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
        if (OperatingSystem.IsWindows()) return; // SChannel has no per-connection suite policy: platform defaults there
        options.CipherSuitesPolicy = new CipherSuitesPolicy(new[]
        {
            TlsCipherSuite.TLS_AES_128_GCM_SHA256, TlsCipherSuite.TLS_AES_256_GCM_SHA384, TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
            TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
            TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        });
    }

    /// <summary>Plain HTTP: a 301 to the HTTPS port. HTTPS: a page with the given HSTS header.</summary>
    private static Task RedirectOrServe(HttpContext ctx, LabContext lab, int httpsPort, string? hsts)
    {
        if (!ctx.Request.IsHttps)
        {
            ctx.Response.StatusCode = 301;
            ctx.Response.Headers.Location = $"https://{ctx.Request.Host.Host}:{httpsPort}{ctx.Request.Path}";
            return Task.CompletedTask;
        }
        if (hsts is not null) ctx.Response.Headers.StrictTransportSecurity = hsts;
        ctx.Response.ContentType = "text/plain; charset=utf-8";
        return ctx.Response.WriteAsync("transport scenario");
    }

    /// <summary>Serves the scenario from openssl s_server; plain HTTP on the Lab's port redirects to it.</summary>
    private static LabScenario OnOpenSsl(LabContext lab, LabScenario scenario, params string[] arguments)
    {
        CertificateScenarios.OnOpenSsl(lab, scenario, arguments);
        if (scenario.Expect.TryGetValue("HttpsPort", out var port))
        {
            var p = int.Parse(port[0], CultureInfo.InvariantCulture);
            return new LabScenario
            {
                Name = scenario.Name, Area = scenario.Area, Description = scenario.Description, Certificate = scenario.Certificate,
                ExpectedFindings = scenario.ExpectedFindings, Expect = scenario.Expect,
                Handler = ctx => RedirectOrServe(ctx, lab, p, null),
            };
        }
        return scenario;
    }
}
