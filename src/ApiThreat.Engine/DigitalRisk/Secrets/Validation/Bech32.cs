namespace ApiThreat.Engine.DigitalRisk.Secrets.Validation;

/// <summary>
/// Bech32 (BIP 173) checksum, as age secret keys use it (human-readable part "age-secret-key-", 32 bytes of key):
/// a string that fails it is not a key age made.
/// </summary>
public static class Bech32
{
    private const string Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static readonly uint[] s_generator = { 0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3 };

    public static SecretVerdict Check(SecretCandidate c) => IsValid(c.Value) ? new SecretVerdict(true, "bech32 checksum valid") : SecretVerdict.Reject;

    public static bool IsValid(string text)
    {
        var s = text.ToLowerInvariant();
        var sep = s.LastIndexOf('1');
        if (sep < 1 || sep + 7 > s.Length) return false;
        var values = new List<uint>();
        foreach (var ch in s.AsSpan(0, sep)) values.Add((uint)ch >> 5);
        values.Add(0);
        foreach (var ch in s.AsSpan(0, sep)) values.Add((uint)ch & 31);
        foreach (var ch in s.AsSpan(sep + 1))
        {
            var v = Charset.IndexOf(ch);
            if (v < 0) return false;
            values.Add((uint)v);
        }
        return Polymod(values) == 1;
    }

    public static uint Polymod(IEnumerable<uint> values)
    {
        uint chk = 1;
        foreach (var v in values)
        {
            var top = chk >> 25;
            chk = ((chk & 0x1ffffff) << 5) ^ v;
            for (var i = 0; i < 5; i++) if (((top >> i) & 1) != 0) chk ^= s_generator[i];
        }
        return chk;
    }
}
