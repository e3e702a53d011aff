using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Tests.Net;

/// <summary>
/// The sweep settles only clean NXDOMAIN answers to exactly the question asked; everything else (an address, NODATA,
/// SERVFAIL, truncation, a reply to another question, silence) is passed on to the full resolver.
/// </summary>
public class NxDomainSweepTests
{
    /// <summary>A loopback UDP responder whose answer depends on the first label's prefix.</summary>
    private sealed class Responder : IDisposable
    {
        private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
        private readonly CancellationTokenSource _stop = new();

        public Responder() => _ = Task.Run(LoopAsync);

        public IPEndPoint EndPoint => (IPEndPoint)_udp.Client.LocalEndPoint!;

        private async Task LoopAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                UdpReceiveResult got;
                try { got = await _udp.ReceiveAsync(_stop.Token); } catch (Exception) { return; }
                var q = got.Buffer;
                var label = System.Text.Encoding.ASCII.GetString(q, 13, q[12]);
                var questionEnd = 12;
                while (q[questionEnd] != 0) questionEnd += q[questionEnd] + 1;
                questionEnd += 5;
                var reply = q.AsSpan(0, questionEnd).ToArray();
                reply[2] = 0x84; reply[3] = 0x00; // QR, AA; NOERROR
                reply[10] = 0; reply[11] = 0;    // no OPT back
                if (label.StartsWith("drop")) continue;
                if (label.StartsWith("nx")) reply[3] = 0x03;
                else if (label.StartsWith("fail")) reply[3] = 0x02;
                else if (label.StartsWith("trunc")) { reply[2] |= 0x02; reply[3] = 0x03; }
                else if (label.StartsWith("other")) reply[13] = (byte)'X'; // the question of another name
                else if (label.StartsWith("yes"))
                {
                    reply[7] = 1;
                    reply = reply.Concat(new byte[] { 0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 127, 0, 0, 1 }).ToArray();
                }
                // anything else: NOERROR without answers (NODATA)
                await _udp.SendAsync(reply, got.RemoteEndPoint);
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _udp.Dispose();
        }
    }

    [Fact]
    public async Task Only_clean_nxdomain_answers_are_settled_and_everything_else_is_passed_on()
    {
        using var responder = new Responder();
        var names = new List<string>();
        for (var i = 0; i < 2000; i++) names.Add($"nx{i}.sweep.test");
        var expected = new[] { "yes1.sweep.test", "nodata1.sweep.test", "fail1.sweep.test", "trunc1.sweep.test", "other1.sweep.test", "drop1.sweep.test", "yes2.sweep.test" };
        names.InsertRange(700, expected.Take(4));
        names.AddRange(expected.Skip(4));

        // 4 s: on a machine whose two cores are busy the one-thread responder fell behind a 1 s timeout, and names it had not
        // answered yet were rightly passed on (the sweep settles only clean NXDOMAIN answers).
        using var sweep = new NxDomainSweep<string>(new[] { responder.EndPoint }, TimeSpan.FromSeconds(4), window: 64, socketsPerServer: 2);
        var survivors = Channel.CreateUnbounded<string>();
        await sweep.RunAsync(names, n => n, survivors, CancellationToken.None);
        var passed = new List<string>();
        await foreach (var n in survivors.Reader.ReadAllAsync()) passed.Add(n);

        Assert.Equal(expected.OrderBy(n => n), passed.OrderBy(n => n));
        Assert.Equal(2000, sweep.Dropped);
        Assert.Equal(names.Count, sweep.Sent);
        Assert.True(sweep.Timeouts >= 2, "the dropped question and the reply to another question end in a timeout");
    }

    [Fact]
    public async Task A_sweep_serves_runs_in_turn_and_a_name_it_cannot_encode_is_passed_on()
    {
        using var responder = new Responder();
        using var sweep = new NxDomainSweep<string>(new[] { responder.EndPoint }, TimeSpan.FromSeconds(1), window: 16);
        foreach (var run in new[] { "a", "b" })
        {
            var survivors = Channel.CreateUnbounded<string>();
            var bad = new string('x', 70) + ".sweep.test"; // a label over 63 octets
            await sweep.RunAsync(new[] { $"nx-{run}.sweep.test", $"yes-{run}.sweep.test", bad }, n => n, survivors, CancellationToken.None);
            var passed = new List<string>();
            await foreach (var n in survivors.Reader.ReadAllAsync()) passed.Add(n);
            Assert.Equal(new[] { bad, $"yes-{run}.sweep.test" }.OrderBy(n => n), passed.OrderBy(n => n));
        }
        Assert.Equal(2, sweep.Dropped);
    }
}
