using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Transport;
using ApiThreat.Engine.Net.Tls;

namespace ApiThreat.Engine.Certificates;

/// <summary>What to grab: one endpoint, with the SNI to send and how to judge the answer.</summary>
public sealed class CertificateRequest
{
    public required string HostName { get; init; }
    public int Port { get; init; } = 443;
    /// <summary>SNI to send (and the name to match) instead of the host name.</summary>
    public string? ServerName { get; init; }
    public int ExpiryWarningDays { get; init; } = 30;
    /// <summary>Send a second, hand-made TLS 1.2 ClientHello asking for a stapled OCSP response.</summary>
    public bool CheckOcspStapling { get; init; } = true;
}

/// <summary>
/// Fetches an endpoint's certificate chain with a real TLS handshake (the chain as sent, the negotiated protocol and
/// suite) and, alongside, a raw TLS 1.2 ClientHello with status_request: its plain-text Certificate and
/// CertificateStatus messages show OCSP stapling, and give the chain when the local TLS library refuses the server
/// (RSA-1024 keys, SHA-1 chains, legacy-only protocols).
/// </summary>
public static class CertificateGrabber
{
    public static async Task<CertificateInfo> GrabAsync(NetworkContext network, CertificateRequest request, CancellationToken cancellationToken)
    {
        var sni = request.ServerName ?? request.HostName;
        var target = $"{request.HostName}:{request.Port}";
        if (network.LogEnabled) network.Log($"TLS handshake with {target} (SNI {sni})");
        // One resolution for both connections: each would otherwise ask DNS again.
        var addresses = await network.Connector.ResolveAllowedAsync(request.HostName, cancellationToken).ConfigureAwait(false);
        var rawTask = request.CheckOcspStapling
            ? RawAsync(network, request.HostName, request.Port, sni, addresses, cancellationToken)
            : Task.FromResult<HelloProbeResult?>(null);
        TlsSession? session = null;
        TargetException? failure = null;
        try
        {
            session = await network.Tls.HandshakeAsync(request.HostName, request.Port, request.ServerName, cancellationToken,
                resolved: addresses).ConfigureAwait(false);
        }
        catch (OutOfScopeException) { throw; }
        catch (TargetException ex) when (ex.ErrorId is "TlsHandshakeFailed")
        {
            failure = ex;
        }
        var raw = await rawTask.ConfigureAwait(false);
        if (session is null && raw is null && !request.CheckOcspStapling) // fall back to the raw chain
            raw = await RawAsync(network, request.HostName, request.Port, sni, addresses, cancellationToken).ConfigureAwait(false);

        var ocsp = raw switch
        {
            { OcspResponse: not null } => "Stapled",
            { Outcome: ProbeOutcome.Accepted, FlightComplete: true } => "NotStapled",
            _ => "NotTested",
        };
        if (session is { Leaf: not null })
        {
            try
            {
                return CertificateInspector.Inspect(new CertificateEvidence
                {
                    HostName = request.HostName,
                    Port = request.Port,
                    ExpectedName = sni,
                    ServerName = session.ServerName,
                    Address = session.Address?.ToString(),
                    ChainAsSent = session.ChainAsSent,
                    Protocol = ProtocolName(session.Protocol),
                    CipherSuite = session.CipherSuite?.ToString(),
                    OcspStapling = ocsp,
                }, network.Options.TrustedRoots, request.ExpiryWarningDays, chains: network.Chains);
            }
            finally { Release(session.ChainAsSent); } // the result keeps only text: free the native handles now, not at finalization
        }
        if (raw is { Outcome: ProbeOutcome.Accepted, Certificates.Count: > 0 } && TryLoad(raw.Certificates, out var chain))
        {
            network.Log($"{target}: the local TLS library refused the handshake ({failure?.Message}); certificate read from a raw TLS 1.2 handshake");
            try
            {
                return CertificateInspector.Inspect(new CertificateEvidence
                {
                    HostName = request.HostName,
                    Port = request.Port,
                    ExpectedName = sni,
                    ServerName = sni,
                    ChainAsSent = chain,
                    Protocol = TlsVersions.Display(raw.Hello!.Version),
                    CipherSuite = CipherSuites.NameOf(raw.Hello.CipherSuite),
                    OcspStapling = ocsp,
                }, network.Options.TrustedRoots, request.ExpiryWarningDays, chains: network.Chains);
            }
            finally { Release(chain); }
        }
        throw failure ?? new TargetException(target, "NoCertificate", TargetErrorKind.InvalidData,
            $"{target} completed a TLS handshake without presenting a certificate.", "Check that the port serves certificate-based TLS.");
    }

    private static void Release(IReadOnlyList<X509Certificate2> certificates)
    {
        foreach (var c in certificates) c.Dispose();
    }

    private static async Task<HelloProbeResult?> RawAsync(NetworkContext network, string host, int port, string sni,
        IReadOnlyList<System.Net.IPAddress> addresses, CancellationToken cancellationToken)
    {
        try
        {
            var hello = new ClientHelloOptions
            {
                Version = TlsVersion.Tls12,
                ServerName = sni,
                StatusRequest = true,
                CipherSuites = s_tls12Suites,
            };
            return await HelloProbe.SendAsync(network, host, port, hello, wantCertificates: true, cancellationToken, resolved: addresses).ConfigureAwait(false);
        }
        catch (TargetException) { return null; } // the real handshake reports connection problems
    }

    private static readonly int[] s_tls12Suites = CipherSuites.For(TlsVersion.Tls12).Select(s => s.Code).ToArray();

    private static bool TryLoad(IReadOnlyList<byte[]> ders, out IReadOnlyList<X509Certificate2> chain)
    {
        var list = new List<X509Certificate2>();
        try
        {
            foreach (var der in ders) list.Add(new X509Certificate2(der));
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            if (list.Count == 0) { chain = list; return false; }
        }
        chain = list;
        return list.Count > 0;
    }

    public static string ProtocolName(SslProtocols protocol) => protocol switch
    {
#pragma warning disable SYSLIB0039, CS0618 // naming legacy protocols is the point
        SslProtocols.Ssl3 => "SSLv3",
        SslProtocols.Tls => "TLS1.0",
        SslProtocols.Tls11 => "TLS1.1",
#pragma warning restore SYSLIB0039, CS0618
        SslProtocols.Tls12 => "TLS1.2",
        SslProtocols.Tls13 => "TLS1.3",
        _ => protocol.ToString(),
    };
}
