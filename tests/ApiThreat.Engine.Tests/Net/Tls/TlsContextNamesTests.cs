using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ApiThreat.Engine.Net.Tls;
using ApiThreat.Engine.Tests.Infrastructure;

namespace ApiThreat.Engine.Tests.Net.Tls;

[Collection(LabCollection.Name)]
public sealed class TlsContextNamesTests
{
    private readonly LabFixture _lab;

    public TlsContextNamesTests(LabFixture lab) => _lab = lab;

    [Fact]
    public void A_name_is_claimed_once_whatever_its_case_and_never_for_an_address()
    {
        var name = $"claim-{Guid.NewGuid():n}.test";
        Assert.True(TlsContextNames.TryClaim(name));
        Assert.False(TlsContextNames.TryClaim(name));
        Assert.False(TlsContextNames.TryClaim(name.ToUpperInvariant()));
        Assert.False(TlsContextNames.TryClaim("127.0.0.1"));
        Assert.False(TlsContextNames.TryClaim("::1"));
        Assert.False(TlsContextNames.TryClaim(""));
        Assert.False(TlsContextNames.TryClaim(null));
    }

    /// <summary>
    /// openssl s_server (TLS 1.2, session ids and tickets on, as most servers) says "Reused session-id" for every
    /// resumed handshake. Grabs of one name, repeated, are full handshakes that present the chain each time; a default
    /// SslStream client that allows resumption, in the same run, is resumed (so the server would tell).
    /// </summary>
    [SkippableFact]
    public async Task Repeated_handshakes_with_one_name_are_never_resumed()
    {
        var openssl = FindOnPath("openssl");
        Skip.If(openssl is null, "openssl is not on PATH (apt-get install openssl)");
        var dir = Directory.CreateTempSubdirectory("apithreat-resume-");
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=resume.test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("*.resume.test");
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Path.Combine(dir.FullName, "cert.pem"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(dir.FullName, "key.pem"), rsa.ExportPkcs8PrivateKeyPem());
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var server = new Process
        {
            StartInfo = new ProcessStartInfo(openssl!, $"s_server -tls1_2 -accept 127.0.0.1:{port} -cert cert.pem -key key.pem")
            {
                WorkingDirectory = dir.FullName, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            },
        };
        server.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        server.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        server.Start(); // stdin stays open: s_server stops at end of input
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            Assert.True(await WaitForAsync(() => output.Contains("ACCEPT")), $"s_server did not start: {string.Join(" | ", output)}");
            using var network = _lab.Network();
            network.Scope.AddImplicitHost("127.0.0.1");
            var name = $"grab-{Guid.NewGuid():n}.resume.test";
            for (var i = 0; i < 3; i++)
            {
                var session = await network.Tls.HandshakeAsync("127.0.0.1", port, name, CancellationToken.None);
                Assert.Equal(SslProtocols.Tls12, session.Protocol);
                Assert.Single(session.ChainAsSent);
                Assert.Equal(certificate.Thumbprint, session.Leaf!.Thumbprint);
            }

            // The control: resumption that the server would report.
            var control = $"control-{Guid.NewGuid():n}.resume.test";
            for (var i = 0; i < 2; i++)
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, port);
                await using var ssl = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = control, AllowTlsResume = true, EnabledSslProtocols = TlsContextNames.Protocols,
                });
            }
            Assert.True(await WaitForAsync(() => output.Count(l => l.Contains("Reused session-id")) >= 1),
                $"the control handshake was not resumed: {string.Join(" | ", output)}");
            await Task.Delay(200); // a late line would be a grab's
            Assert.Equal(1, output.Count(l => l.Contains("Reused session-id")));
        }
        finally
        {
            if (!server.HasExited) server.Kill();
            await server.WaitForExitAsync();
            dir.Delete(recursive: true);
        }
    }

    private static async Task<bool> WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(50);
        }
        return true;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, OperatingSystem.IsWindows() ? name + ".exe" : name)).FirstOrDefault(File.Exists);
}
