using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace ApiThreat.Engine.Net.Tls;

/// <summary>Protocol versions as they appear on the wire.</summary>
public enum TlsVersion { Ssl3 = 0x0300, Tls10 = 0x0301, Tls11 = 0x0302, Tls12 = 0x0303, Tls13 = 0x0304 }

public static class TlsVersions
{
    public static readonly TlsVersion[] All = { TlsVersion.Ssl3, TlsVersion.Tls10, TlsVersion.Tls11, TlsVersion.Tls12, TlsVersion.Tls13 };

    public static string Display(TlsVersion v) => v switch
    {
        TlsVersion.Ssl3 => "SSLv3", TlsVersion.Tls10 => "TLS1.0", TlsVersion.Tls11 => "TLS1.1",
        TlsVersion.Tls12 => "TLS1.2", TlsVersion.Tls13 => "TLS1.3", _ => $"0x{(int)v:X4}",
    };

    public static string Display(int wire) => Enum.IsDefined(typeof(TlsVersion), wire) ? Display((TlsVersion)wire) : $"0x{wire:X4}";
}

/// <summary>What to put in one ClientHello.</summary>
public sealed class ClientHelloOptions
{
    public TlsVersion Version { get; init; } = TlsVersion.Tls12;
    public IReadOnlyList<int> CipherSuites { get; init; } = Array.Empty<int>();
    /// <summary>SNI; omitted when null or an IP literal (RFC 6066 forbids literals).</summary>
    public string? ServerName { get; init; }
    /// <summary>Ask for a stapled OCSP response (status_request).</summary>
    public bool StatusRequest { get; init; } = true;
}

/// <summary>
/// Builds ClientHello records by hand, so the scan can offer protocol versions and suites that the local TLS
/// library refuses to speak. Nothing here needs to complete a handshake: the ServerHello (or the alert) is the answer.
/// </summary>
public static class ClientHelloBuilder
{
    private static readonly ushort[] s_groups = { 0x001D, 0x0017, 0x0018, 0x0019, 0x001E, 0x0100, 0x0101, 0x0102 };
    private static readonly ushort[] s_signatureAlgorithms =
    {
        0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0807, 0x0808,
        0x0809, 0x080A, 0x080B, 0x0201, 0x0203, 0x0202, 0x0402, 0x0303, 0x0301,
    };

    public static byte[] Build(ClientHelloOptions options)
    {
        if (options.CipherSuites.Count == 0) throw new ArgumentException("A ClientHello needs at least one cipher suite.", nameof(options));
        if (options.CipherSuites.Count > 4000) throw new ArgumentException("Too many cipher suites for one ClientHello.", nameof(options));
        var tls13 = options.Version == TlsVersion.Tls13;
        var body = new List<byte>(512);
        Put16(body, tls13 ? (int)TlsVersion.Tls12 : (int)options.Version);
        body.AddRange(RandomNumberGenerator.GetBytes(32));
        // TLS 1.3 middlebox compatibility mode sends a 32-byte session id; older versions send none.
        if (tls13) { body.Add(32); body.AddRange(RandomNumberGenerator.GetBytes(32)); }
        else body.Add(0);
        var suites = options.CipherSuites.ToList();
        if (!tls13) suites.Add(0x00FF); // TLS_EMPTY_RENEGOTIATION_INFO_SCSV
        Put16(body, suites.Count * 2);
        foreach (var s in suites) Put16(body, s);
        body.Add(1);
        body.Add(0); // null compression only
        if (options.Version != TlsVersion.Ssl3)
        {
            var ext = Extensions(options, tls13);
            Put16(body, ext.Count);
            body.AddRange(ext);
        }

        var record = new List<byte>(body.Count + 9) { 22 };
        Put16(record, options.Version == TlsVersion.Ssl3 ? 0x0300 : 0x0301);
        Put16(record, body.Count + 4);
        record.Add(1); // client_hello
        Put24(record, body.Count);
        record.AddRange(body);
        return record.ToArray();
    }

    private static List<byte> Extensions(ClientHelloOptions options, bool tls13)
    {
        var ext = new List<byte>(256);
        var name = options.ServerName?.TrimEnd('.');
        if (!string.IsNullOrEmpty(name) && !IPAddress.TryParse(name, out _))
        {
            var bytes = Encoding.ASCII.GetBytes(name);
            if (bytes.Length > 255) throw new ArgumentException("The server name is longer than 255 bytes.", nameof(options));
            Extension(ext, 0, b => { Put16(b, bytes.Length + 3); b.Add(0); Put16(b, bytes.Length); b.AddRange(bytes); });
        }
        Extension(ext, 10, b => { Put16(b, s_groups.Length * 2); foreach (var g in s_groups) Put16(b, g); });
        Extension(ext, 11, b => { b.Add(1); b.Add(0); });
        Extension(ext, 13, b => { Put16(b, s_signatureAlgorithms.Length * 2); foreach (var a in s_signatureAlgorithms) Put16(b, a); });
        if (options.StatusRequest) Extension(ext, 5, b => { b.Add(1); Put16(b, 0); Put16(b, 0); });
        Extension(ext, 23, _ => { }); // extended_master_secret
        if (tls13)
        {
            Extension(ext, 43, b => { b.Add(2); Put16(b, (int)TlsVersion.Tls13); });
            Extension(ext, 45, b => { b.Add(1); b.Add(1); }); // psk_dhe_ke
            // An x25519 share of random bytes: any 32 bytes are a valid point, and the handshake is never finished.
            Extension(ext, 51, b => { Put16(b, 36); Put16(b, 0x001D); Put16(b, 32); b.AddRange(RandomNumberGenerator.GetBytes(32)); });
        }
        return ext;
    }

    private static void Extension(List<byte> to, int type, Action<List<byte>> write)
    {
        var data = new List<byte>();
        write(data);
        Put16(to, type);
        Put16(to, data.Count);
        to.AddRange(data);
    }

    private static void Put16(List<byte> b, int v) { b.Add((byte)(v >> 8)); b.Add((byte)v); }

    private static void Put24(List<byte> b, int v) { b.Add((byte)(v >> 16)); b.Add((byte)(v >> 8)); b.Add((byte)v); }

    internal static int Read16(ReadOnlySpan<byte> s) => BinaryPrimitives.ReadUInt16BigEndian(s);
}
