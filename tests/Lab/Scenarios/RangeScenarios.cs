using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using ApiThreat.Lab.Dns;
using ApiThreat.Lab.Web;

namespace ApiThreat.Lab.Scenarios;

/// <summary>
/// What an organisation owns as addresses, for Find-Subdomain -IpRange/-Asn: the block 127.77.0.0/24 (AS64512 in
/// <see cref="PrefixFileText"/>) with a reverse zone and two TLS servers. Reverse DNS names api and mail of
/// ranges.apithreat.test (both resolve back), stale (no address: a candidate, not a host) and an ISP's name (outside
/// the domain: a candidate); the certificate of 127.77.0.20 names portal.ranges.apithreat.test and partner.outside.test,
/// that of 127.77.0.21 *.apps.ranges.apithreat.test. Nothing else in the block answers.
/// </summary>
[ScenarioSet]
public static class RangeScenarios
{
    public const string Domain = "ranges.apithreat.test";
    public const string Block = "127.77.0.0/24";
    public const int Asn = 64512;
    public const string ReverseZone = "0.77.127.in-addr.arpa";
    public static readonly string PrefixFileText = $"# prefix asn (bgp.tools table.txt layout)\n127.77.0.0/24 {Asn}\n198.51.100.0/24 64513\n";
    private static readonly int[] s_tlsCandidates = { 8443, 9443, 10443, 4443, 7443 };

    public static IEnumerable<LabScenario> Scenarios(LabContext lab)
    {
        var port = FreePort(s_tlsCandidates, "127.77.0.20", "127.77.0.21");
        var portal = $"portal.{Domain}";
        lab.Certificates.AddSubjectAlternativeNames(portal, "partner.outside.test");
        var (portalLeaf, portalChain) = lab.Certificates.For(portal, CertKind.Valid);
        var (appsLeaf, appsChain) = lab.Certificates.For($"*.apps.{Domain}", CertKind.Valid);
        lab.Resources.Add(TlsServer.Start(IPAddress.Parse("127.77.0.20"), port, portalLeaf, portalChain));
        lab.Resources.Add(TlsServer.Start(IPAddress.Parse("127.77.0.21"), port, appsLeaf, appsChain));
        yield return new LabScenario
        {
            Name = "ranges-owned",
            Area = "Ranges",
            Address = "127.77.0.20",
            Description = $"The block {Block} (AS{Asn}): PTR records and TLS certificates on port {port} name the organisation's hosts and some that are not its.",
            Expect =
            {
                ["Domain"] = new[] { Domain },
                ["Block"] = new[] { Block },
                ["Asn"] = new[] { Asn.ToString() },
                ["TlsPort"] = new[] { port.ToString() },
                ["PrefixFile"] = new[] { PrefixFileText },
                ["Hosts"] = new[] { $"api.{Domain}", $"mail.{Domain}", portal, $"apps.{Domain}" },
                ["ReverseDns"] = new[] { $"api.{Domain}", $"mail.{Domain}" },
                ["TlsSan"] = new[] { portal, $"apps.{Domain}" },
                ["Candidates"] = new[] { $"stale.{Domain}", "host-12.isp.example.net", "partner.outside.test" },
            },
        };
    }

    [ZoneSet]
    public static class RangeZones
    {
        public static IEnumerable<LabZone> Zones(LabContext lab)
        {
            yield return new LabZone(Domain)
                .Add(LabRecord.Ns(Domain, "ns1." + Domain))
                .Add(LabRecord.A("ns1." + Domain, "127.0.0.1"))
                .Add(LabRecord.A($"api.{Domain}", "127.77.0.10"))
                .Add(LabRecord.A($"mail.{Domain}", "127.77.0.11"))
                .Add(LabRecord.A($"portal.{Domain}", "127.77.0.20"))
                .Add(LabRecord.A($"apps.{Domain}", "127.77.0.21"));
            yield return new LabZone(ReverseZone)
                .Add(LabRecord.Ns(ReverseZone, "ns1." + Domain))
                .Add(LabRecord.Ptr($"10.{ReverseZone}", $"api.{Domain}"))
                .Add(LabRecord.Ptr($"11.{ReverseZone}", $"mail.{Domain}"))
                .Add(LabRecord.Ptr($"12.{ReverseZone}", "host-12.isp.example.net"))
                .Add(LabRecord.Ptr($"13.{ReverseZone}", $"stale.{Domain}"));
        }
    }

    private static int FreePort(int[] candidates, params string[] addresses)
    {
        foreach (var port in candidates)
        {
            var ok = true;
            foreach (var a in addresses)
            {
                try { var l = new TcpListener(IPAddress.Parse(a), port); l.Start(); l.Stop(); }
                catch (SocketException) { ok = false; break; }
            }
            if (ok) return port;
        }
        throw new InvalidOperationException($"None of the ports {string.Join(", ", candidates)} is free on {string.Join(", ", addresses)}.");
    }

    /// <summary>A TLS server that completes handshakes with one certificate and closes: all a certificate grab needs.</summary>
    private sealed class TlsServer : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new();

        private TlsServer(TcpListener listener) => _listener = listener;

        public static TlsServer Start(IPAddress address, int port, System.Security.Cryptography.X509Certificates.X509Certificate2 leaf,
            System.Security.Cryptography.X509Certificates.X509Certificate2Collection chain)
        {
            var listener = new TcpListener(address, port);
            listener.Start(256);
            var server = new TlsServer(listener);
            var context = SslStreamCertificateContext.Create(leaf, chain, offline: true);
            _ = Task.Run(async () =>
            {
                while (!server._stop.IsCancellationRequested)
                {
                    TcpClient client;
                    try { client = await listener.AcceptTcpClientAsync(server._stop.Token); }
                    catch (Exception) { return; }
                    _ = Task.Run(async () =>
                    {
                        using (client)
                        {
                            try
                            {
                                await using var ssl = new SslStream(client.GetStream());
                                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = context }, timeout.Token);
                            }
                            catch (Exception) { }
                        }
                    });
                }
            });
            return server;
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }
    }
}
