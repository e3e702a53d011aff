using System.IO.Hashing;
using System.Text;

namespace ApiThreat.Engine.DigitalRisk.Secrets.Validation;

/// <summary>
/// GitHub's token format (ghp_, gho_, ghu_, ghs_, ghr_) and npm's (npm_), as GitHub documents them: a 4-character
/// prefix, 30 random base62 characters, and 6 base62 characters (0-9A-Za-z, zero-padded) holding the CRC32 of the 30.
/// A value whose checksum does not hold is not a token either service issued.
/// </summary>
public static class TokenChecksum
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static SecretVerdict Check(SecretCandidate c) =>
        IsValid(c.Value) ? new SecretVerdict(true, "checksum valid") : SecretVerdict.Reject;

    public static bool IsValid(string token)
    {
        if (token.Length != 40 || token[3] != '_') return false;
        var random = token.AsSpan(4, 30);
        var checksum = token.AsSpan(34, 6);
        return Encode(Crc32.HashToUInt32(Encoding.ASCII.GetBytes(random.ToString()))).AsSpan().SequenceEqual(checksum);
    }

    /// <summary>A CRC32 as 6 base62 characters, most significant first, zero-padded.</summary>
    public static string Encode(uint crc)
    {
        Span<char> chars = stackalloc char[6];
        ulong n = crc;
        for (var i = 5; i >= 0; i--) { chars[i] = Alphabet[(int)(n % 62)]; n /= 62; }
        return new string(chars);
    }
}
