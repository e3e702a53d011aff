using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ApiThreat.Engine.Net;

/// <summary>-TrustedRootCertificate: extra trust anchors for private PKI, each file PEM (one or more certificates) or DER.</summary>
public static class TrustAnchors
{
    /// <summary>
    /// Reads the files as the caller named them (<paramref name="resolve"/> maps a name to its file-system path). A file
    /// that is not a certificate is an <see cref="InvalidTrustAnchorException"/> naming it.
    /// </summary>
    public static X509Certificate2Collection Load(IEnumerable<string>? files, Func<string, string> resolve)
    {
        var collection = new X509Certificate2Collection();
        foreach (var given in files ?? Array.Empty<string>())
        {
            var path = resolve(given);
            try
            {
                if (File.ReadAllText(path).Contains("-----BEGIN CERTIFICATE-----")) collection.ImportFromPemFile(path);
                else collection.Add(new X509Certificate2(path));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
            {
                throw new InvalidTrustAnchorException(given, $"-TrustedRootCertificate '{given}' could not be read as a PEM or DER certificate: {ex.Message}", ex);
            }
        }
        return collection;
    }
}

/// <summary>A -TrustedRootCertificate file that could not be read as a certificate.</summary>
public sealed class InvalidTrustAnchorException : ArgumentException
{
    public InvalidTrustAnchorException(string file, string message, Exception inner) : base(message, inner) => File = file;

    public string File { get; }
}
