using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ApiThreat.Engine.Certificates;
using ApiThreat.Engine.Certificates.Checks;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Tests.Certificates;

/// <summary>The certificate checks without a network: a certificate made here, inspected as a server would present it.</summary>
public sealed class CertificateChecksTests
{
    [Fact]
    public void Every_certificate_rule_is_raised_by_a_check()
    {
        var raised = Checks<CertificateFacts>.All.SelectMany(c => c.Rules).Select(r => r.Id).Distinct().Order();
        Assert.Equal(typeof(CertificateRules).GetFields().Select(f => ((ThreatRule)f.GetValue(null)!).Id).Order(), raised);
    }

    [Fact]
    public void An_expired_self_signed_short_key_certificate_for_another_name_gives_its_findings_in_catalogue_order()
    {
        using var key = RSA.Create(1024);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=other.example", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("other.example");
        request.CertificateExtensions.Add(names.Build());
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-400), now.AddDays(-10));
        var info = CertificateInspector.Inspect(new CertificateEvidence
        {
            HostName = "api.example", Port = 8443, ExpectedName = "api.example", ChainAsSent = new[] { certificate },
        }, new X509Certificate2Collection(), expiryWarningDays: 30, now);
        Assert.Equal(new[] { "ATR-CERT-001", "ATR-CERT-004", "ATR-CERT-005", "ATR-CERT-008" }, info.Findings.Select(f => f.RuleId));
        Assert.All(info.Findings, f => Assert.Equal("api.example:8443", f.Target));
    }

    [Fact]
    public void A_certificate_within_the_warning_threshold_is_expiring_and_not_before_it()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=api.example", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("api.example");
        request.CertificateExtensions.Add(names.Build());
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(20));
        var evidence = new CertificateEvidence { HostName = "api.example", Port = 443, ExpectedName = "api.example", ChainAsSent = new[] { certificate } };
        var roots = new X509Certificate2Collection { certificate }; // trusted as the user's own anchor: no chain finding
        Assert.Equal(new[] { "ATR-CERT-002" }, CertificateInspector.Inspect(evidence, roots, expiryWarningDays: 30, now).Findings.Select(f => f.RuleId));
        Assert.Empty(CertificateInspector.Inspect(evidence, roots, expiryWarningDays: 7, now).Findings);
    }
    [Fact]
    public void A_short_lived_certificate_is_expiring_only_in_the_last_quarter_of_its_life()
    {
        // Caddy's local CA issues 12-hour certificates and renews them at about two thirds of their life: inside any
        // day-based window all their life, they are reported only once renewal is overdue.
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=api.example", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("api.example");
        request.CertificateExtensions.Add(names.Build());
        var issued = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        using var certificate = request.CreateSelfSigned(issued, issued.AddHours(12));
        var evidence = new CertificateEvidence { HostName = "api.example", Port = 443, ExpectedName = "api.example", ChainAsSent = new[] { certificate } };
        var roots = new X509Certificate2Collection { certificate };
        Assert.Empty(CertificateInspector.Inspect(evidence, roots, expiryWarningDays: 30, issued.AddHours(1)).Findings);
        Assert.Empty(CertificateInspector.Inspect(evidence, roots, expiryWarningDays: 30, issued.AddHours(8.5)).Findings);
        var late = CertificateInspector.Inspect(evidence, roots, expiryWarningDays: 30, issued.AddHours(9.5)).Findings.Single();
        Assert.Equal("ATR-CERT-002", late.RuleId);
        Assert.Contains("2 hours left of a 12 hours certificate", late.Evidence);
        // Longer than 10 days is not short-lived: the day threshold applies as before.
        Assert.Equal(TimeSpan.FromDays(2.5), ValidityPeriodCheck.ExpiringWindow(issued, issued.AddDays(10), 30));
        Assert.Equal(TimeSpan.FromDays(30), ValidityPeriodCheck.ExpiringWindow(issued, issued.AddDays(11), 30));
    }

    [Fact]
    public void One_certificate_presented_by_many_hosts_is_read_once_and_judged_for_each_host_and_time()
    {
        using var key = RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=shared.example", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("*.shared.example");
        request.CertificateExtensions.Add(names.Build());
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()); // whole seconds, as certificates keep time
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(60));
        // A second object for the same DER (each handshake makes its own): the facts read for the first serve it.
        using var again = new X509Certificate2(certificate.RawData);
        CertificateInfo Inspect(X509Certificate2 c, string host, DateTimeOffset at) => CertificateInspector.Inspect(new CertificateEvidence
        {
            HostName = host, Port = 443, ExpectedName = host, ChainAsSent = new[] { c },
        }, new X509Certificate2Collection { certificate }, expiryWarningDays: 30, at);

        var first = Inspect(certificate, "a.shared.example", now);
        var second = Inspect(again, "b.other.example", now.AddDays(45));
        Assert.Same(LeafFacts.Of(certificate), LeafFacts.Of(again));
        Assert.Equal(("RSA", 2048), (second.KeyAlgorithm, second.KeySize));
        Assert.Equal(first.Sha256Fingerprint, second.Sha256Fingerprint);
        Assert.Equal(new[] { "*.shared.example" }, second.SubjectAlternativeNames);
        Assert.True(first.HostnameMatches);
        Assert.False(second.HostnameMatches); // the name is judged per host
        Assert.Equal(60, first.DaysRemaining);
        Assert.Equal(15, second.DaysRemaining); // and the time per inspection
        Assert.Empty(first.Findings);
        Assert.Equal(new[] { "ATR-CERT-002", "ATR-CERT-004" }, second.Findings.Select(f => f.RuleId));
    }
}
