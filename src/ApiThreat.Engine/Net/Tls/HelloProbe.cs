using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Net.Tls;

public enum ProbeOutcome
{
    /// <summary>The server answered with a ServerHello (or HelloRetryRequest).</summary>
    Accepted,
    /// <summary>The server refused: an alert, or it closed the connection.</summary>
    Rejected,
    /// <summary>Nothing conclusive: timeout, malformed answer, connection failure.</summary>
    Inconclusive,
}

/// <summary>What one hand-made ClientHello got back.</summary>
public sealed class HelloProbeResult
{
    public ProbeOutcome Outcome { get; init; }
    public ServerHello? Hello { get; init; }
    public TlsAlert? Alert { get; init; }
    public IReadOnlyList<byte[]> Certificates { get; init; } = Array.Empty<byte[]>();
    public byte[]? OcspResponse { get; init; }
    public bool FlightComplete { get; init; }
    /// <summary>Why the result is Rejected or Inconclusive, in words.</summary>
    public string? Reason { get; init; }

    public override string ToString() => Outcome == ProbeOutcome.Accepted
        ? $"{TlsVersions.Display(Hello!.Version)} {CipherSuites.NameOf(Hello.CipherSuite)}"
        : $"{Outcome}: {Reason}";
}

/// <summary>Sends one ClientHello and classifies the answer.</summary>
public static class HelloProbe
{
    public static async Task<HelloProbeResult> SendAsync(NetworkContext network, string host, int port, ClientHelloOptions hello,
        bool wantCertificates, CancellationToken cancellationToken, TimeSpan? timeout = null, IReadOnlyList<System.Net.IPAddress>? resolved = null)
    {
        var record = ClientHelloBuilder.Build(hello);
        var parser = new ServerFlightParser(wantCertificates);
        RawExchangeEnd end;
        try
        {
            (end, _) = await network.Raw.SendAsync(host, port, record, chunk =>
            {
                parser.Feed(chunk.Span);
                return parser.IsDone;
            }, cancellationToken, timeout: timeout, resolved: resolved).ConfigureAwait(false);
        }
        catch (OutOfScopeException) { throw; }
        catch (TargetException ex) when (ex.ErrorId is "ConnectFailed" or "ConnectTimeout")
        {
            return new HelloProbeResult { Outcome = ProbeOutcome.Inconclusive, Reason = ex.Message };
        }
        return Classify(parser, end);
    }

    public static HelloProbeResult Classify(ServerFlightParser parser, RawExchangeEnd end)
    {
        if (parser.Error is not null)
            return new HelloProbeResult { Outcome = ProbeOutcome.Inconclusive, Reason = "malformed answer: " + parser.Error };
        if (parser.Hello is { } hello)
            return new HelloProbeResult
            {
                Outcome = ProbeOutcome.Accepted, Hello = hello, Certificates = parser.Certificates, OcspResponse = parser.OcspResponse,
                FlightComplete = parser.FlightComplete, Reason = end == RawExchangeEnd.Complete ? null : $"connection ended early ({end})",
            };
        if (parser.Alert is { } alert)
            return new HelloProbeResult { Outcome = ProbeOutcome.Rejected, Alert = alert, Reason = "alert " + alert };
        return end switch
        {
            RawExchangeEnd.Closed => new HelloProbeResult { Outcome = ProbeOutcome.Rejected, Reason = "the server closed the connection" },
            RawExchangeEnd.Timeout => new HelloProbeResult { Outcome = ProbeOutcome.Inconclusive, Reason = "no answer before the timeout" },
            _ => new HelloProbeResult { Outcome = ProbeOutcome.Inconclusive, Reason = $"no usable answer ({end})" },
        };
    }
}
