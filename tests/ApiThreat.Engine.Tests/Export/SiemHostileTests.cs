using System.Diagnostics;
using ApiThreat.Engine.Export.Siem;
using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Tests.Export;

/// <summary>
/// Collectors that reset, never read, flood or stall: nothing is reported sent that the collector did not acknowledge,
/// and no event is lost (it is sent, or it is in the spool, -FailedEventPath).
/// </summary>
[Collection(ApiThreat.Engine.Tests.Infrastructure.AllocationMeasured.Name)]
public class SiemHostileTests
{
    private static List<string> Lines(int n) => Enumerable.Range(1, n).Select(i => $"<134>1 2026-12-01T00:00:00Z h ApiThreat 1 finding - event {i}").ToList();

    private static EventSender Sender(EventTransport transport, int port, DestinationConnector connector, int retries = 1) =>
        new(new EventDestination { Transport = transport, Host = "127.0.0.1", Port = port }, connector, retries, TimeSpan.FromMilliseconds(10));

    [Theory]
    [InlineData(CollectorBehaviour.Reset)]
    [InlineData(CollectorBehaviour.NeverRead)]
    [InlineData(CollectorBehaviour.Flood)]
    public async Task A_tcp_collector_that_resets_never_reads_or_floods_acknowledges_nothing(CollectorBehaviour behaviour)
    {
        await using var collector = new HostileCollector(behaviour);
        using var connector = new DestinationConnector(null, TimeSpan.FromSeconds(1));
        await using var sender = Sender(EventTransport.Tcp, collector.Port, connector);
        var spoolPath = Path.Combine(Path.GetTempPath(), $"apithreat-spool-{Guid.NewGuid():n}.log");
        try
        {
            using (var dispatcher = new EventDispatcher(sender, 100, EventSpool.Open(spoolPath)))
            {
                var sw = Stopwatch.StartNew();
                foreach (var line in Lines(250)) await dispatcher.AddAsync(line, _ => true, default);
                await dispatcher.CompleteAsync(_ => true, default);
                Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10), $"took {sw.Elapsed}");
                Assert.Equal(0, dispatcher.Sent);
                Assert.Equal(250, dispatcher.Undelivered.Count);
                Assert.NotNull(dispatcher.Failure);
                Assert.True(dispatcher.Failure!.Retryable);
            }
            Assert.Equal(Lines(250), File.ReadAllLines(spoolPath));
            // Each failure is retried once on a new connection carrying every unconfirmed event; then nothing more is sent.
            Assert.InRange(collector.Connections, 2, 4);
        }
        finally { File.Delete(spoolPath); }
    }

    [Fact]
    public async Task A_collector_that_reads_and_closes_confirms_and_the_spool_ends_empty()
    {
        await using var receiver = SyslogReceiver.Tcp();
        using var connector = new DestinationConnector(null, TimeSpan.FromSeconds(5));
        await using var sender = Sender(EventTransport.Tcp, receiver.Port, connector);
        var spoolPath = Path.Combine(Path.GetTempPath(), $"apithreat-spool-{Guid.NewGuid():n}.log");
        using (var dispatcher = new EventDispatcher(sender, 100, EventSpool.Open(spoolPath)))
        {
            foreach (var line in Lines(250)) await dispatcher.AddAsync(line, _ => true, default);
            Assert.Equal(250, File.ReadAllLines(spoolPath).Length); // written on arrival, kept until confirmed
            await dispatcher.CompleteAsync(_ => true, default);
            Assert.Equal(250, dispatcher.Sent);
            Assert.Empty(dispatcher.Undelivered);
        }
        Assert.False(File.Exists(spoolPath)); // created by this run and emptied: not left behind
        Assert.Equal(Lines(250), receiver.Take(250));
        Assert.Equal(1, receiver.Connections);
    }

    [Fact]
    public async Task A_hec_answer_of_a_gigabyte_is_read_only_up_to_the_cap()
    {
        await using var hec = new HostileHec();
        using var connector = new DestinationConnector(null, TimeSpan.FromSeconds(10));
        await using var sender = new EventSender(new EventDestination { Transport = EventTransport.Hec, HecUri = hec.Uri, HecToken = "t" }, connector, 0, TimeSpan.Zero);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var sw = Stopwatch.StartNew();
        Assert.Equal(3, await sender.SendAsync(new[] { "{}", "{}", "{}" }, confirm: true, default));
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), $"took {sw.Elapsed}");
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 32L * 1024 * 1024, "allocated more than 32 MB");
        await Task.Delay(200);
        Assert.True(Interlocked.Read(ref hec.BytesWritten) < 64L * 1024 * 1024, $"the collector could write {hec.BytesWritten} bytes");
    }

    [Fact]
    public async Task A_stalled_hec_times_out_is_retried_and_keeps_the_events()
    {
        await using var hec = new HostileHec(stall: true);
        using var connector = new DestinationConnector(null, TimeSpan.FromSeconds(1));
        await using var sender = new EventSender(new EventDestination { Transport = EventTransport.Hec, HecUri = hec.Uri, HecToken = "t" }, connector, 1, TimeSpan.FromMilliseconds(10));
        using var dispatcher = new EventDispatcher(sender, 10, spool: null);
        foreach (var line in Lines(25)) await dispatcher.AddAsync(line, _ => true, default);
        await dispatcher.CompleteAsync(_ => true, default);
        Assert.Equal(0, dispatcher.Sent);
        Assert.Equal(25, dispatcher.Undelivered.Count);
        Assert.Equal(2, hec.Requests); // the first batch and its retry; then nothing more is sent
        Assert.Contains("did not complete within 1 s", dispatcher.Failure!.Message);
    }

    [Fact]
    public async Task Cancelling_during_a_retry_leaves_every_event_in_the_spool()
    {
        var port = FreeTcpPort();
        using var connector = new DestinationConnector(null, TimeSpan.FromSeconds(1));
        await using var sender = new EventSender(new EventDestination { Transport = EventTransport.Tcp, Host = "127.0.0.1", Port = port }, connector, 10, TimeSpan.FromSeconds(5));
        var spoolPath = Path.Combine(Path.GetTempPath(), $"apithreat-spool-{Guid.NewGuid():n}.log");
        try
        {
            using var cancel = new CancellationTokenSource();
            using (var dispatcher = new EventDispatcher(sender, 100, EventSpool.Open(spoolPath)))
            {
                var lines = Lines(250);
                foreach (var line in lines.Take(99)) await dispatcher.AddAsync(line, _ => true, cancel.Token);
                cancel.CancelAfter(300); // while the first batch waits for its retry
                var sw = Stopwatch.StartNew();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => { foreach (var line in lines.Skip(99)) await dispatcher.AddAsync(line, _ => true, cancel.Token); });
                Assert.True(sw.Elapsed < TimeSpan.FromSeconds(1.5), $"took {sw.Elapsed}");
            }
            Assert.Equal(Lines(100), File.ReadAllLines(spoolPath)); // every event that arrived; the rest never did
        }
        finally { File.Delete(spoolPath); }
    }

    [Fact]
    public void The_spool_never_touches_earlier_content_and_closes_a_torn_line()
    {
        var spoolPath = Path.Combine(Path.GetTempPath(), $"apithreat-spool-{Guid.NewGuid():n}.log");
        try
        {
            File.WriteAllText(spoolPath, "earlier 1\nearlier 2\ntorn by a ki");
            using (var spool = EventSpool.Open(spoolPath))
            {
                spool.Append("a");
                spool.Append("b");
                spool.Append("c");
                spool.Append("d");
                spool.Decline(2, 1); // "c" declined
                spool.Acknowledge(1); // "a" acknowledged, newer ones still pending
                Assert.Equal(2, spool.Count);
                spool.Acknowledge(1); // "b"
                Assert.Equal(1, spool.Count);
            }
            Assert.Equal(new[] { "earlier 1", "earlier 2", "torn by a ki", "d" }, File.ReadAllLines(spoolPath));
            using (var spool = EventSpool.Open(spoolPath))
            {
                spool.Append("e");
                spool.Acknowledge(1);
            }
            Assert.Equal(new[] { "earlier 1", "earlier 2", "torn by a ki", "d" }, File.ReadAllLines(spoolPath));
            using var first = EventSpool.Open(spoolPath);
            var ex = Assert.Throws<IOException>(() => EventSpool.Open(spoolPath));
            Assert.Contains("another Send-ApiThreatEvent", ex.Message);
        }
        finally { File.Delete(spoolPath); }
    }

    [Theory]
    [InlineData("collector:514", EventTransport.Udp, "collector", 514)]
    [InlineData("collector", EventTransport.Tls, "collector", 6514)]
    [InlineData("[::1]:1514", EventTransport.Tcp, "::1", 1514)]
    [InlineData("10.0.0.5", EventTransport.Tcp, "10.0.0.5", 514)]
    public void Syslog_destinations_parse(string text, EventTransport transport, string host, int port)
    {
        var d = EventDestinations.Syslog(text, transport, null, SyslogFacility.Local0, SyslogPayload.Cef);
        Assert.Equal((host, port), (d.Host, d.Port));
    }

    [Theory]
    [InlineData("udp://collector:514", "not a URL")]
    [InlineData("collector:99999", "outside 1-65535")]
    [InlineData("collector:abc", "invalid port")]
    [InlineData("[::1", "unclosed")]
    [InlineData("bad host!:514", "not a host name")]
    public void Bad_syslog_destinations_name_the_problem(string text, string expected)
    {
        var ex = Assert.Throws<InvalidDestinationException>(() => EventDestinations.Syslog(text, EventTransport.Udp, null, SyslogFacility.Local0, SyslogPayload.Cef));
        Assert.Equal("InvalidSyslogDestination", ex.ErrorId);
        Assert.Contains(expected, ex.Message);
        Assert.Contains(text, ex.Message);
    }

    private static int FreeTcpPort()
    {
        var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        var port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
