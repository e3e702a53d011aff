using System.Net;
using System.Net.Sockets;

namespace ApiThreat.Engine.Net;

/// <summary>How a raw exchange ended.</summary>
public enum RawExchangeEnd
{
    /// <summary>The reader said it had what it needed.</summary>
    Complete,
    /// <summary>The peer closed or reset the connection first.</summary>
    Closed,
    /// <summary>Nothing conclusive arrived within the timeout.</summary>
    Timeout,
    /// <summary>The peer sent more than the byte cap.</summary>
    TooLarge,
}

/// <summary>
/// Sends one request on a fresh scope-checked TCP connection and hands every received chunk to a reader until it
/// says it is done, the peer closes, the byte cap is reached, or the timeout passes. For protocol probes whose
/// bytes the engine builds itself (hand-made TLS ClientHellos); connection failures throw <see cref="TargetException"/>.
/// </summary>
public sealed class RawExchange
{
    private readonly Connector _connector;
    private readonly TimeSpan _timeout;

    public RawExchange(Connector connector, TimeSpan timeout)
    {
        _connector = connector;
        _timeout = timeout;
    }

    public async Task<(RawExchangeEnd End, IPAddress Address)> SendAsync(string host, int port, ReadOnlyMemory<byte> request,
        Func<ReadOnlyMemory<byte>, bool> onData, CancellationToken cancellationToken, int maxBytes = 256 * 1024, TimeSpan? timeout = null,
        IReadOnlyList<IPAddress>? resolved = null)
    {
        var (socket, address) = await _connector.ConnectAsync(host, port, cancellationToken, resolved).ConfigureAwait(false);
        using (socket)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout ?? _timeout);
            var buffer = new byte[16 * 1024];
            var total = 0;
            try
            {
                await socket.SendAsync(request, SocketFlags.None, deadline.Token).ConfigureAwait(false);
                while (true)
                {
                    var read = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token).ConfigureAwait(false);
                    if (read == 0) return (RawExchangeEnd.Closed, address);
                    total += read;
                    if (onData(buffer.AsMemory(0, read))) return (RawExchangeEnd.Complete, address);
                    if (total > maxBytes) return (RawExchangeEnd.TooLarge, address);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return (RawExchangeEnd.Timeout, address);
            }
            catch (SocketException)
            {
                return (RawExchangeEnd.Closed, address);
            }
        }
    }
}
