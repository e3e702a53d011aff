using ApiThreat.Lab.Web;

namespace ApiThreat.Lab.Scenarios;

/// <summary>
/// Ground truth for Get-CertificateIntelligence: one HTTPS host per certificate problem, and a clean one. Expected
/// findings assume the Lab root is trusted (-TrustedRootCertificate) and the default 30-day expiry warning.
/// </summary>
[ScenarioSet]
public static class CertificateScenarios
{
    public static IEnumerable<LabScenario> Scenarios(LabContext lab)
    {
        yield return Cert("cert-good", CertKind.Valid, "A valid chain (leaf + intermediate) to the Lab root: no findings.");
        yield return Cert("cert-expired", CertKind.Expired, "Expired ten days ago.", "ATR-CERT-001");
        yield return Cert("cert-expiring", CertKind.ExpiringSoon, "Expires in ten days.", "ATR-CERT-002");
        yield return Cert("cert-not-yet-valid", CertKind.NotYetValid, "Valid from ten days in the future.", "ATR-CERT-003");
        yield return Cert("cert-wrong-name", CertKind.WrongName, "Issued to unrelated.example.net.", "ATR-CERT-004");
        yield return Cert("cert-self-signed", CertKind.SelfSigned, "A self-signed leaf.", "ATR-CERT-005");
        yield return Cert("cert-incomplete-chain", CertKind.IncompleteChain, "The server sends the leaf without its intermediate.", "ATR-CERT-007");
        // .NET on OpenSSL 3 refuses to serve these (security level 2): openssl s_server at level 0 does.
        yield return OnOpenSsl(lab, Cert("cert-rsa1024", CertKind.Rsa1024, "An RSA-1024 leaf (served by openssl s_server).", "ATR-CERT-008"),
            "-cipher", "ALL:@SECLEVEL=0");
        yield return OnOpenSsl(lab, Cert("cert-sha1", CertKind.Sha1, "A leaf signed with sha1WithRSAEncryption (served by openssl s_server).", "ATR-CERT-009"),
            "-cipher", "ALL:@SECLEVEL=0");
        yield return Cert("cert-wildcard", CertKind.Wildcard, "A certificate naming the host and a wildcard under it: no findings.");
        var stapled = Cert("cert-ocsp-stapled", CertKind.Valid,
            "A valid chain served by openssl s_server, stapling a 'good' OCSP response signed by the Lab issuing CA: no findings, OcspStapled.");
        stapled.Expect["OcspStapling"] = new[] { "Stapled" };
        yield return OnOpenSsl(lab, stapled, ocspIssuer: lab.Certificates.Intermediate);
    }

    /// <summary>
    /// Serves the scenario's certificate from an openssl s_server: its port goes to Expect["HttpsPort"], or, when
    /// openssl cannot run here, the reason to Expect["Unavailable"] (tests then skip with that reason).
    /// </summary>
    internal static LabScenario OnOpenSsl(LabContext lab, LabScenario scenario, params string[] arguments) =>
        OnOpenSsl(lab, scenario, null, arguments);

    /// <summary>As above; with <paramref name="ocspIssuer"/>, the server staples an OCSP response signed by it.</summary>
    internal static LabScenario OnOpenSsl(LabContext lab, LabScenario scenario, System.Security.Cryptography.X509Certificates.X509Certificate2? ocspIssuer,
        params string[] arguments)
    {
        var (leaf, chain) = lab.Certificates.For(lab.HostOf(scenario.Name), scenario.Certificate);
        if (OpenSslServer.TryStart(leaf, chain, arguments, out var server, out var reason, ocspIssuer))
        {
            lab.Resources.Add(server!);
            scenario.Expect["HttpsPort"] = new[] { server!.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        }
        else scenario.Expect["Unavailable"] = new[] { reason };
        return scenario;
    }

    private static LabScenario Cert(string name, CertKind kind, string description, params string[] findings) => new()
    {
        Name = name,
        Area = "Certificates",
        Description = description,
        Certificate = kind,
        ExpectedFindings = findings,
    };
}
