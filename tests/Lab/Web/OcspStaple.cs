using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ApiThreat.Lab.Web;

/// <summary>
/// Makes a real OCSP response ("good", signed by the leaf's issuer) with the openssl CLI, for
/// <c>openssl s_server -status_file</c> to staple: a request with <c>openssl ocsp -reqout</c>, answered from a
/// one-line CA index by <c>openssl ocsp -index -reqin -respout</c>. .NET has no API to build one.
/// </summary>
public static class OcspStaple
{
    public const string FileName = "ocsp.der";

    /// <summary>Writes <see cref="FileName"/> into <paramref name="directory"/>; false with the reason when openssl fails.</summary>
    public static bool TryWrite(string directory, X509Certificate2 leaf, X509Certificate2 issuer, out string reason)
    {
        File.WriteAllText(Path.Combine(directory, "ocsp-leaf.pem"), leaf.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "ocsp-issuer.pem"), issuer.ExportCertificatePem());
        using (var key = (AsymmetricAlgorithm?)issuer.GetRSAPrivateKey() ?? issuer.GetECDsaPrivateKey())
        {
            if (key is null) { reason = "the issuer certificate has no private key to sign an OCSP response"; return false; }
            File.WriteAllText(Path.Combine(directory, "ocsp-issuer.key"), key.ExportPkcs8PrivateKeyPem());
        }
        // Index line: status, expiry (YYMMDDHHMMSSZ), revocation date (none), serial as openssl prints it, file, subject.
        var expiry = leaf.NotAfter.ToUniversalTime().ToString("yyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) + "Z";
        File.WriteAllText(Path.Combine(directory, "ocsp-index.txt"), $"V\t{expiry}\t\t{OpenSslSerial(leaf)}\tunknown\t/CN=lab\n");

        if (!OpenSslServer.TryRun(new[] { "ocsp", "-issuer", "ocsp-issuer.pem", "-cert", "ocsp-leaf.pem", "-no_nonce", "-reqout", "ocsp-req.der" }, directory, out _, out reason))
            return false;
        if (!OpenSslServer.TryRun(new[] { "ocsp", "-index", "ocsp-index.txt", "-CA", "ocsp-issuer.pem", "-rsigner", "ocsp-issuer.pem",
                "-rkey", "ocsp-issuer.key", "-reqin", "ocsp-req.der", "-respout", FileName, "-ndays", "7" }, directory, out _, out reason))
            return false;
        var response = Path.Combine(directory, FileName);
        if (!File.Exists(response) || new FileInfo(response).Length == 0) { reason = "openssl ocsp wrote no response"; return false; }
        return true;
    }

    /// <summary>The serial as openssl's index holds it: upper-case hex without leading zero bytes.</summary>
    private static string OpenSslSerial(X509Certificate2 certificate)
    {
        var hex = certificate.SerialNumber.ToUpperInvariant();
        while (hex.Length > 2 && hex.StartsWith("00", StringComparison.Ordinal)) hex = hex[2..];
        return hex;
    }
}
