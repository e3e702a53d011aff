using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using ApiThreat.Engine.Export.Siem;
using ApiThreat.Engine.Net;
using Newtonsoft.Json.Linq;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Tests.Export;

public class CefTests
{
    [Theory]
    [InlineData("a|b", "a\\|b")]
    [InlineData("a\\b", "a\\\\b")]
    [InlineData("a=b", "a=b")]
    [InlineData("line1\r\nline2", "line1  line2")]
    [InlineData("bell\u0007esc\u001b[31m", "bellesc[31m")]
    public void Header_fields_escape_pipe_and_backslash(string raw, string expected) => Assert.Equal(expected, CefFormatter.Header(raw));

    [Theory]
    [InlineData("a=b", "a\\=b")]
    [InlineData("a\\b", "a\\\\b")]
    [InlineData("a|b", "a|b")]
    [InlineData("x\r\ny", "x\\r\\ny")]
    [InlineData("fake act=blocked", "fake act\\=blocked")]
    public void Extension_values_escape_equals_backslash_and_newlines(string raw, string expected) => Assert.Equal(expected, CefFormatter.Extension(raw));

    [Fact]
    public void A_hostile_finding_cannot_forge_fields_or_lines()
    {
        var f = ExportSamples.Finding("ATR-TEST-001", Severity.High, FindingCategory.TransportSecurity, "https://api.contoso.test/v1/", ExportSamples.Hostile,
            "Title|with pipe\\ and\nnewline");
        var cef = CefFormatter.Format(SiemEvent.FromFinding(f));
        Assert.DoesNotContain('\n', cef);
        Assert.DoesNotContain('\r', cef);
        Assert.DoesNotContain('\u001b', cef);
        Assert.StartsWith($"CEF:0|ApiThreat|ApiThreat|{EngineInfo.Version}|ATR-TEST-001|Title\\|with pipe\\\\ and newline|8|rt=", cef);
        // Exactly 7 unescaped pipes: the header; the extension holds the evidence's pipes as data.
        var header = Regex.Matches(cef, @"(?<!\\)(?:\\\\)*\|").Count;
        Assert.True(header >= 7);
        var ext = cef[(cef.IndexOf("|8|", StringComparison.Ordinal) + 3)..];
        var keys = Regex.Matches(ext, @"(?:^| )([A-Za-z0-9]+)=").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(new[] { "rt", "cat", "dhost", "request", "msg", "externalId", "cs1Label", "cs1", "cs2Label", "cs2", "cs3Label", "cs3", "cs4Label", "cs4", "cs5Label", "cs5" }, keys);
        Assert.Contains("msg=<script>alert(1)</script>|CEF:0|x\\\\y\\=z\\r\\n**bold**", ext);
    }

    [Fact]
    public void Syslog_lines_are_RFC5424_with_the_right_priority_and_octet_counting_frames()
    {
        var f = ExportSamples.Finding("ATR-TEST-002", Severity.Critical, FindingCategory.Takeover, "old.contoso.test", "x");
        var line = new SyslogFormatter(SyslogFacility.Local4, "scanner 01").Format(SiemEvent.FromFinding(f), "CEF:0|...");
        Assert.Matches(@"^<162>1 2026-11-29T08:00:00\.000000Z scanner01 ApiThreat \d+ finding - CEF:0\|\.\.\.$", line);
        Assert.Equal("5 héé", System.Text.Encoding.UTF8.GetString(SyslogFormatter.OctetCounted("héé")));
    }
}

public class SiemDeliveryTests
{
    private static List<SiemEvent> Events() => ExportSamples.Scan().Findings.Select(SiemEvent.FromFinding).ToList();

    private static EventSender Sender(EventDestination d, DestinationConnector c, int retries = 2) => new(d, c, retries, TimeSpan.FromMilliseconds(20));

    [Theory]
    [InlineData(EventTransport.Udp)]
    [InlineData(EventTransport.Tcp)]
    [InlineData(EventTransport.Tls)]
    public async Task Syslog_events_arrive_whole_over_every_transport(EventTransport transport)
    {
        await using var receiver = transport == EventTransport.Udp ? SyslogReceiver.Udp() : SyslogReceiver.Tcp(transport == EventTransport.Tls);
        using var connector = new DestinationConnector(null, TimeSpan.FromSeconds(5), TestCertificate.Anchors);
        var d = new EventDestination { Transport = transport, Host = transport == EventTransport.Tls ? "localhost" : "127.0.0.1", Port = receiver.Port };
        await using var sender = Sender(d, connector);
        var events = Events();
        var rendered = events.Select(sender.Render).ToList();
        var first = await sender.SendAsync(rendered.Take(2).ToList(), confirm: false, CancellationToken.None);
        var second = await sender.SendAsync(rendered.Skip(2).ToList(), confirm: true, CancellationToken.None);
        // "Sent" is acknowledged: a datagram once sent; a stream only when the collector read it all and closed.
        Assert.Equal(transport == EventTransport.Udp ? (2, rendered.Count - 2) : (0, rendered.Count), (first, second));
        var got = receiver.Take(events.Count);
        Assert.Equal(rendered, got);
        Assert.All(got, m => Assert.Contains(" - CEF:0|ApiThreat|ApiThreat|", m));
        if (transport != EventTransport.Udp) Assert.Equal(1, receiver.Connections); // one connection kept for both batches
    }

    [Fact]
    public async Task TLS_to_a_collector_whose_certificate_is_not_trusted_fails_without_retrying_forever()
    {
        await using var receiver = SyslogReceiver.Tcp(tls: true);
        using var connector = new DestinationConnector(null, TimeSpan.FromSeconds(5)); // no anchor for the self-signed cert
        await using var sender = Sender(new EventDestination { Transport = EventTransport.Tls, Host = "localhost", Port = receiver.Port }, connector, retries: 1);
        var ex = await Assert.ThrowsAsync<EventDeliveryException>(() => sender.SendAsync(new[] { "x" }, confirm: true, CancellationToken.None));
        Assert.Contains("TLS", ex.Message);
        Assert.Contains("2 attempts", ex.Message);
        Assert.Empty(receiver.Messages);
    }

    [Fact]
    public async Task A_closed_port_fails_after_the_retries_with_a_clear_message()
    {
        var port = FreeTcpPort();
        using var connector = new DestinationConnector(null, TimeSpan.FromSeconds(2));
        await using var sender = Sender(new EventDestination { Transport = EventTransport.Tcp, Host = "127.0.0.1", Port = port }, connector, retries: 2);
        var ex = await Assert.ThrowsAsync<EventDeliveryException>(() => sender.SendAsync(new[] { "x" }, confirm: true, CancellationToken.None));
        Assert.Contains($"127.0.0.1:{port}", ex.Message);
        Assert.Contains("3 attempts", ex.Message);
        Assert.True(ex.Retryable);
    }

    [Fact]
    public async Task HEC_gets_one_authenticated_POST_per_batch_of_envelopes()
    {
        await using var hec = new HecReceiver("00000000-1111-2222-3333-444444444444");
        using var connector = new DestinationConnector(null, TimeSpan.FromSeconds(5));
        var d = new EventDestination { Transport = EventTransport.Hec, HecUri = hec.Uri, HecToken = hec.Token, Index = "security" };
        await using var sender = Sender(d, connector);
        var events = Events();
        await sender.SendAsync(events.Select(sender.Render).ToList(), confirm: true, CancellationToken.None);
        var (path, auth, body) = Assert.Single(hec.Requests);
        Assert.Equal("/services/collector/event", path);
        Assert.Equal("Splunk " + hec.Token, auth);
        var envelopes = body.Split('\n').Select(JObject.Parse).ToList();
        Assert.Equal(events.Count, envelopes.Count);
        Assert.All(envelopes, e => Assert.Equal("apithreat:finding", (string)e["sourcetype"]!));
        Assert.All(envelopes, e => Assert.Equal("security", (string)e["index"]!));
        Assert.Equal(events.Select(e => e.SignatureId), envelopes.Select(e => (string)e["event"]!["RuleId"]!));
        Assert.Equal(1795939200.0, (double)envelopes[0]["time"]!);
    }

    [Fact]
    public async Task HEC_over_TLS_retries_a_busy_collector_and_then_delivers()
    {
        await using var hec = new HecReceiver("tok", tls: true, failFirst: 2);
        using var connector = new DestinationConnector(null, TimeSpan.FromSeconds(5), TestCertificate.Anchors);
        await using var sender = Sender(new EventDestination { Transport = EventTransport.Hec, HecUri = hec.Uri, HecToken = "tok" }, connector, retries: 3);
        await sender.SendAsync(new[] { "{\"event\":1}" }, confirm: true, CancellationToken.None);
        Assert.Equal(3, hec.Requests.Count);
    }

    [Fact]
    public async Task A_rejected_token_fails_at_once_and_the_message_never_holds_the_token()
    {
        await using var hec = new HecReceiver("right-token");
        using var connector = new DestinationConnector(null, TimeSpan.FromSeconds(5));
        await using var sender = Sender(new EventDestination { Transport = EventTransport.Hec, HecUri = hec.Uri, HecToken = "wrong-secret-token" }, connector, retries: 3);
        var ex = await Assert.ThrowsAsync<EventDeliveryException>(() => sender.SendAsync(new[] { "{}" }, confirm: true, CancellationToken.None));
        Assert.Single(hec.Requests); // not retried
        Assert.False(ex.Retryable);
        Assert.Contains("rejected the token (401: Invalid token, code 4)", ex.Message);
        Assert.DoesNotContain("wrong-secret-token", ex.ToString());
    }

    private static int FreeTcpPort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
