using ApiThreat.Engine.Transport;
using ApiThreat.Engine.Net.Tls;

namespace ApiThreat.Fuzz;

/// <summary>
/// A server's first TLS flight (records, ServerHello, Certificate, CertificateStatus, alerts) fed to the parser the
/// transport probes use. Byte 0 picks the mode (bit 0: want certificates) and the chunk size, as a socket would
/// deliver it; the parser reports bad input in Error and must never throw.
/// </summary>
public static partial class FuzzTargets
{
    public static void TlsServerFlight(byte[] data)
    {
        if (data.Length == 0) return;
        var parser = new ServerFlightParser(wantCertificates: (data[0] & 1) != 0, maxTotalBytes: 64 * 1024);
        var chunk = Math.Max(1, data[0] >> 1);
        var rest = data.AsSpan(1);
        while (!rest.IsEmpty && !parser.IsDone)
        {
            var n = Math.Min(chunk, rest.Length);
            parser.Feed(rest[..n]);
            rest = rest[n..];
        }
        _ = (parser.Hello?.Version, parser.Hello?.IsHelloRetryRequest, parser.Alert?.ToString(), parser.Certificates.Count, parser.OcspResponse?.Length, parser.Error);
        if (parser.Hello is { } hello) _ = TlsVersions.Display(hello.Version);
    }
}
