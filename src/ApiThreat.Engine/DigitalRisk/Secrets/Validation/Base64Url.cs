namespace ApiThreat.Engine.DigitalRisk.Secrets.Validation;

/// <summary>Base64 and base64url decoding that says no (null) instead of throwing, for text a target sent.</summary>
public static class Base64Url
{
    public static byte[]? Decode(string text, bool url)
    {
        if (text.Length == 0 || text.Length > 1 << 20) return null;
        var s = url ? text.Replace('-', '+').Replace('_', '/') : text;
        s = s.TrimEnd('=');
        switch (s.Length % 4)
        {
            case 1: return null;
            case 2: s += "=="; break;
            case 3: s += "="; break;
        }
        var buffer = new byte[s.Length / 4 * 3];
        return Convert.TryFromBase64String(s, buffer, out var written) ? buffer[..written] : null;
    }
}
