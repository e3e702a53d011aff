using ApiThreat.Engine.Certificates;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Tests.Infrastructure;
using ApiThreat.Lab.Scenarios;
using ApiThreat.Engine.Net.Tls;

namespace ApiThreat.Engine.Tests.Certificates;

[Collection(LabCollection.Name)]
public sealed class CertificateLabTests
{
    private readonly LabFixture _lab;

    public CertificateLabTests(LabFixture lab) => _lab = lab;

    public static IEnumerable<object[]> CertificateScenarioNames() =>
        new[] { "cert-good", "cert-expired", "cert-expiring", "cert-not-yet-valid", "cert-wrong-name", "cert-self-signed",
                "cert-incomplete-chain", "cert-rsa1024", "cert-sha1", "cert-wildcard", "cert-ocsp-stapled" }.Select(n => new object[] { n });

    private async Task<CertificateInfo> GrabAsync(string host, string? serverName = null)
    {
        using var network = _lab.Network();
        var scenario = _lab.Lab.Scenarios.FirstOrDefault(s => s.Host == host);
        var port = scenario is not null && scenario.Expect.TryGetValue("HttpsPort", out var p) ? int.Parse(p[0]) : _lab.Lab.Web.HttpsPort;
        return await CertificateGrabber.GrabAsync(network, new CertificateRequest { HostName = host, Port = port, ServerName = serverName }, CancellationToken.None);
    }

    private void SkipIfUnavailable(string name) =>
        Skip.If(_lab.Lab.Scenario(name).Expect.TryGetValue("Unavailable", out var why), $"{name} needs openssl s_server: {why?[0]}");

    [SkippableTheory]
    [MemberData(nameof(CertificateScenarioNames))]
    public async Task Each_certificate_scenario_yields_exactly_its_expected_findings(string name)
    {
        SkipIfUnavailable(name);
        var scenario = _lab.Lab.Scenario(name);
        var info = await GrabAsync(scenario.Host!);
        Assert.Equal(scenario.ExpectedFindings.OrderBy(x => x), info.Findings.Select(f => f.RuleId).OrderBy(x => x));
        Assert.All(info.Findings, f => Assert.Equal($"{scenario.Host}:{info.Port}", f.Target));
    }

    [Fact]
    public async Task Every_certificate_scenario_is_covered()
    {
        var names = CertificateScenarioNames().Select(o => (string)o[0]).ToHashSet();
        Assert.All(_lab.Lab.Scenarios.Where(s => s.Area == "Certificates"), s => Assert.Contains(s.Name, names));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Good_chain_is_described_fully()
    {
        var host = _lab.Host("cert-good");
        var info = await GrabAsync(host);
        Assert.Equal(host, info.HostName);
        Assert.Equal($"CN={host}, O=ApiThreat Lab", info.Subject);
        Assert.Equal(new[] { host }, info.SubjectAlternativeNames);
        Assert.Contains("ApiThreat Lab Issuing CA", info.Issuer);
        Assert.Equal(2, info.ChainAsSent.Length);
        Assert.Equal(3, info.ChainAsBuilt.Length);
        Assert.Contains("Root CA", info.ChainAsBuilt[2]);
        Assert.True(info.IsTrusted);
        Assert.Equal("Valid", info.ChainStatus);
        Assert.True(info.HostnameMatches);
        Assert.False(info.IsSelfSigned);
        Assert.Equal("EC", info.KeyAlgorithm);
        Assert.Equal(256, info.KeySize);
        Assert.Equal("sha256RSA", info.SignatureAlgorithm);
        Assert.Matches("^[0-9A-F]{64}$", info.Sha256Fingerprint);
        Assert.InRange(info.DaysRemaining, 198, 200);
        Assert.Equal("TLS1.3", info.Protocol);
        Assert.StartsWith("TLS_", info.CipherSuite);
        Assert.Equal("127.0.0.1", info.Address);
        Assert.False(info.HasSct);
        // Kestrel does not staple; the TLS 1.2 probe saw the whole first flight without a CertificateStatus.
        Assert.Equal("NotStapled", info.OcspStapling);
        Assert.False(info.OcspStapled);
    }

    [SkippableFact]
    public async Task Sha1_scenario_really_is_sha1_signed()
    {
        SkipIfUnavailable("cert-sha1");
        var info = await GrabAsync(_lab.Host("cert-sha1"));
        Assert.Equal("sha1RSA", info.SignatureAlgorithm);
    }

    [SkippableFact]
    public async Task Ocsp_stapling_is_reported_where_the_server_staples_and_only_there()
    {
        SkipIfUnavailable("cert-ocsp-stapled");
        var stapled = await GrabAsync(_lab.Host("cert-ocsp-stapled"));
        Assert.Equal(("Stapled", true), (stapled.OcspStapling, stapled.OcspStapled));
        Assert.Empty(stapled.Findings);
        // The same server software without -status_file, and Kestrel: the TLS 1.2 probe saw a whole flight without one.
        foreach (var name in new[] { "cert-sha1", "cert-good" })
        {
            var plain = await GrabAsync(_lab.Host(name));
            Assert.Equal(("NotStapled", false), (plain.OcspStapling, plain.OcspStapled));
        }
    }

    [SkippableFact]
    public async Task Rsa1024_scenario_reports_the_key()
    {
        SkipIfUnavailable("cert-rsa1024");
        var info = await GrabAsync(_lab.Host("cert-rsa1024"));
        Assert.Equal(("RSA", 1024), (info.KeyAlgorithm, info.KeySize));
    }

    [Fact]
    public async Task Without_the_lab_root_the_good_chain_is_untrusted()
    {
        var options = _lab.Options();
        using var network = new NetworkContext(new ScanOptions { Resolvers = options.Resolvers, Scope = options.Scope, Timeout = options.Timeout });
        var info = await CertificateGrabber.GrabAsync(network, new CertificateRequest { HostName = _lab.Host("cert-good"), Port = _lab.Lab.Web.HttpsPort }, CancellationToken.None);
        Assert.False(info.IsTrusted);
        Assert.Equal(new[] { "ATR-CERT-006" }, info.Findings.Select(f => f.RuleId));
    }

    [Fact]
    public async Task ServerName_overrides_the_SNI_and_the_name_checked()
    {
        var expired = _lab.Host("cert-expired");
        var info = await GrabAsync(_lab.Host("cert-good"), serverName: expired);
        Assert.Equal(expired, info.ServerName);
        Assert.True(info.HostnameMatches);
        Assert.Equal(new[] { "ATR-CERT-001" }, info.Findings.Select(f => f.RuleId));
    }

    [Fact]
    public async Task Expiry_warning_threshold_is_respected()
    {
        using var network = _lab.Network();
        var info = await CertificateGrabber.GrabAsync(network, new CertificateRequest
        { HostName = _lab.Host("cert-expiring"), Port = _lab.Lab.Web.HttpsPort, ExpiryWarningDays = 5 }, CancellationToken.None);
        Assert.Empty(info.Findings);
        var good = await CertificateGrabber.GrabAsync(network, new CertificateRequest
        { HostName = _lab.Host("cert-good"), Port = _lab.Lab.Web.HttpsPort, ExpiryWarningDays = 365 }, CancellationToken.None);
        Assert.Equal(new[] { "ATR-CERT-002" }, good.Findings.Select(f => f.RuleId));
    }

    [Fact]
    public async Task A_port_without_TLS_is_a_target_error()
    {
        using var network = _lab.Network();
        var ex = await Assert.ThrowsAnyAsync<TargetException>(() => CertificateGrabber.GrabAsync(network,
            new CertificateRequest { HostName = _lab.Host("cert-good"), Port = _lab.Lab.Web.HttpPort }, CancellationToken.None));
        Assert.Equal("TlsHandshakeFailed", ex.ErrorId);
    }

    [Fact]
    public async Task Grabs_of_a_shared_certificate_build_its_chain_once()
    {
        using var network = _lab.Network();
        var request = new CertificateRequest { HostName = _lab.Host("cert-good"), Port = _lab.Lab.Web.HttpsPort };
        var first = await CertificateGrabber.GrabAsync(network, request, CancellationToken.None);
        Assert.Equal(1, network.Chains.Builds); // the Lab anchor trusts it: the system store is not consulted
        var more = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => CertificateGrabber.GrabAsync(network, request, CancellationToken.None)));
        Assert.Equal(1, network.Chains.Builds);
        Assert.Equal(8, network.Chains.Hits);
        Assert.All(more, m =>
        {
            Assert.Equal(first.ChainAsBuilt, m.ChainAsBuilt);
            Assert.Equal((first.ChainStatus, first.IsTrusted, first.Sha256Fingerprint), (m.ChainStatus, m.IsTrusted, m.Sha256Fingerprint));
            Assert.Empty(m.Findings);
        });
    }
}
