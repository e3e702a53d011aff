using ApiThreat.Engine.Net.Tls;
using ApiThreat.Engine.Rules;
using ApiThreat.Engine.Transport;
using ApiThreat.Engine.Transport.Checks;

namespace ApiThreat.Engine.Tests.Transport;

/// <summary>The transport checks on evidence stated here: what each version, suite and HTTP answer implies.</summary>
public sealed class TransportChecksTests
{
    private static VersionEnumeration[] Versions(params TlsVersion[] offered) => TlsVersions.All.Select(v => new VersionEnumeration
    {
        Version = v, Status = offered.Contains(v) ? "Offered" : "NotOffered",
    }).ToArray();

    private static CipherSuite Suite(string name) => CipherSuites.All.First(s => s.Name == name);

    [Fact]
    public void Every_transport_rule_is_raised_by_a_check()
    {
        var raised = Checks<TransportEvidence>.All.SelectMany(c => c.Rules).Select(r => r.Id).Distinct().Order();
        Assert.Equal(typeof(TransportRules).GetFields().Select(f => ((ThreatRule)f.GetValue(null)!).Id).Order(), raised);
    }

    [Fact]
    public void A_legacy_endpoint_gives_its_findings_in_catalogue_order()
    {
        var findings = TransportAssessor.Findings(new TransportEvidence
        {
            Target = "legacy.example:443",
            Versions = Versions(TlsVersion.Tls10, TlsVersion.Tls12),
            Suites = new[] { Suite("TLS_RSA_WITH_3DES_EDE_CBC_SHA"), Suite("TLS_RSA_WITH_AES_128_CBC_SHA") },
            RedirectsToHttps = false,
            HstsTested = true,
            Hsts = "max-age=600",
            HstsMaxAge = 600,
        });
        Assert.Equal(new[] { "ATR-TLS-002", "ATR-TLS-006", "ATR-TLS-007", "ATR-TLS-008", "ATR-TLS-009", "ATR-TLS-011", "ATR-TLS-012" },
            findings.Select(f => f.RuleId));
        Assert.All(findings, f => Assert.Equal("legacy.example:443", f.Target));
    }

    [Fact]
    public void A_modern_endpoint_with_long_hsts_gives_nothing_and_untested_http_says_nothing()
    {
        var modern = new[] { Suite("TLS_AES_128_GCM_SHA256"), Suite("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256") };
        Assert.Empty(TransportAssessor.Findings(new TransportEvidence
        {
            Target = "good.example:443", Versions = Versions(TlsVersion.Tls12, TlsVersion.Tls13), Suites = modern,
            RedirectsToHttps = true, HstsTested = true, Hsts = "max-age=31536000", HstsMaxAge = 31536000,
        }));
        Assert.Empty(TransportAssessor.Findings(new TransportEvidence
        {
            Target = "closed-http.example:443", Versions = Versions(TlsVersion.Tls12, TlsVersion.Tls13), Suites = modern,
            RedirectsToHttps = null, HstsTested = false,
        }));
    }
}
