using System.Text;

namespace ApiThreat.Engine.Fingerprints;

/// <summary>
/// The favicon hash Shodan (http.favicon.hash) and httpx (-favicon) use: MurmurHash3 x86 32-bit, seed 0, of the
/// favicon's base64 text wrapped with a newline after every 76 characters and at the end (what Python's
/// base64.encodebytes makes), read as a signed 32-bit integer.
/// </summary>
public static class FaviconHash
{
    public static int Compute(ReadOnlySpan<byte> favicon) => Murmur3(Encoding.ASCII.GetBytes(WrappedBase64(favicon)));

    /// <summary>Base64 with '\n' after each 76 characters and after the last line (as MIME/Python encodebytes).</summary>
    public static string WrappedBase64(ReadOnlySpan<byte> data)
    {
        var b64 = Convert.ToBase64String(data);
        var sb = new StringBuilder(b64.Length + b64.Length / 76 + 2);
        for (var i = 0; i < b64.Length; i += 76)
            sb.Append(b64, i, Math.Min(76, b64.Length - i)).Append('\n');
        return sb.ToString();
    }

    /// <summary>MurmurHash3_x86_32 (Austin Appleby's reference algorithm, public domain), as a signed value.</summary>
    public static int Murmur3(ReadOnlySpan<byte> data, uint seed = 0)
    {
        const uint c1 = 0xcc9e2d51, c2 = 0x1b873593;
        var h = seed;
        var blocks = data.Length / 4;
        for (var i = 0; i < blocks; i++)
        {
            var k = (uint)(data[i * 4] | data[i * 4 + 1] << 8 | data[i * 4 + 2] << 16 | data[i * 4 + 3] << 24);
            k *= c1; k = (k << 15) | (k >> 17); k *= c2;
            h ^= k; h = (h << 13) | (h >> 19); h = h * 5 + 0xe6546b64;
        }
        uint k1 = 0;
        var tail = blocks * 4;
        switch (data.Length & 3)
        {
            case 3: k1 ^= (uint)data[tail + 2] << 16; goto case 2;
            case 2: k1 ^= (uint)data[tail + 1] << 8; goto case 1;
            case 1:
                k1 ^= data[tail];
                k1 *= c1; k1 = (k1 << 15) | (k1 >> 17); k1 *= c2; h ^= k1;
                break;
        }
        h ^= (uint)data.Length;
        h ^= h >> 16; h *= 0x85ebca6b; h ^= h >> 13; h *= 0xc2b2ae35; h ^= h >> 16;
        return unchecked((int)h);
    }
}
