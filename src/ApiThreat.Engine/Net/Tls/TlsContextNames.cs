using System.Collections.Concurrent;
using System.IO.Hashing;
using System.Security.Authentication;
using System.Text;

namespace ApiThreat.Engine.Net.Tls;

/// <summary>
/// Which server names a certificate handshake may send through the shared TLS context. SslStream makes a new
/// OpenSSL context (SSL_CTX_new, cipher lists, provider look-ups: several percent of a grab's CPU) for every handshake
/// that may not resume a session, and shares one cached context only with handshakes that allow resumption, whose
/// sessions it then keeps per server name. A grab must be a full handshake, so only a name's first handshake in
/// this process goes through the shared context: no session can exist yet for a name never sent through it. The
/// shared handshakes enable TLS 1.2 and 1.3 by name, so their cached context is not the one that HttpClient and other
/// default-protocol code share (whose sessions could otherwise be offered). Names are remembered by a 64-bit hash:
/// a collision only sends a new name down the safe, unshared path. Bounded: past the limit every handshake is unshared.
/// </summary>
public static class TlsContextNames
{
    /// <summary>The protocols a shared handshake enables: the modern pair, named so the context is ours alone.</summary>
    public const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    private const int Capacity = 1 << 18; // ~12 MB at most; past 262,144 names a sweep goes on unshared
    private static readonly ConcurrentDictionary<ulong, byte> s_sent = new();

    /// <summary>True (once per name) when this handshake may use the shared context; false for an empty name or an
    /// IP literal (SslStream caches nothing for them), a name already sent, or past the limit.</summary>
    public static bool TryClaim(string? serverName)
    {
        if (string.IsNullOrEmpty(serverName) || System.Net.IPAddress.TryParse(serverName, out _)) return false;
        if (s_sent.Count >= Capacity) return false;
        // Lower case: a name that differs only in case is the same server, so it never goes through the shared context twice.
        return s_sent.TryAdd(KeyOf(serverName.ToLowerInvariant()), 0);
    }

    private static ulong KeyOf(string serverName)
    {
        Span<byte> buffer = stackalloc byte[512];
        var bytes = Encoding.UTF8.GetByteCount(serverName) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(serverName, buffer)]
            : Encoding.UTF8.GetBytes(serverName);
        return XxHash64.HashToUInt64(bytes);
    }
}
