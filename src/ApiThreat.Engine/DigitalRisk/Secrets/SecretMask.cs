using System.Security.Cryptography;
using System.Text;

namespace ApiThreat.Engine.DigitalRisk.Secrets;

/// <summary>
/// The only form of a secret that leaves the engine: at most its first four characters (fewer for short values: never
/// more than a quarter of it), an ellipsis, and the first 12 hex digits of its SHA-256 — enough to recognise the same
/// secret again or find it in one's vault, not to use it.
/// </summary>
public static class SecretMask
{
    public static string Hash(string value)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(value), digest);
        return Convert.ToHexString(digest[..6]).ToLowerInvariant();
    }

    public static string Mask(string value)
    {
        var shown = Math.Min(4, value.Length / 4);
        var prefix = new StringBuilder(shown);
        foreach (var c in value.AsSpan(0, shown)) prefix.Append(char.IsControl(c) ? '?' : c);
        return $"{prefix}…#{Hash(value)}";
    }
}
