using System.Security.Cryptography;
using System.Text;

namespace ApiThreat.Engine.Export;

/// <summary>Deterministic identifiers: content hashes and RFC 9562 name-based (version 5) UUIDs.</summary>
public static class StableId
{
    /// <summary>Lower-case hex SHA-256 of the UTF-8 text.</summary>
    public static string Sha256Hex(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();

    /// <summary>A version-5 UUID of <paramref name="name"/> in <paramref name="namespaceId"/> (SHA-1, RFC 9562 §5.5).</summary>
    public static Guid UuidV5(Guid namespaceId, string name)
    {
        var ns = namespaceId.ToByteArray();
        SwapToNetworkOrder(ns);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[ns.Length + nameBytes.Length];
        Buffer.BlockCopy(ns, 0, input, 0, ns.Length);
        Buffer.BlockCopy(nameBytes, 0, input, ns.Length, nameBytes.Length);
#pragma warning disable CA5350 // SHA-1 is what version-5 UUIDs are defined with; not a security use.
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        var bytes = new byte[16];
        Array.Copy(hash, bytes, 16);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        SwapToNetworkOrder(bytes);
        return new Guid(bytes);
    }

    /// <summary>Guid's byte array is little-endian in its first three fields; UUIDs are big-endian.</summary>
    private static void SwapToNetworkOrder(byte[] b)
    {
        (b[0], b[3]) = (b[3], b[0]);
        (b[1], b[2]) = (b[2], b[1]);
        (b[4], b[5]) = (b[5], b[4]);
        (b[6], b[7]) = (b[7], b[6]);
    }

    /// <summary>The stable key of a finding across runs: the rule and the normalised target (not the evidence, which drifts).</summary>
    public static string FindingFingerprint(Finding f) => Sha256Hex(f.RuleId.ToUpperInvariant() + "\n" + f.Target.Trim().ToLowerInvariant());
}
