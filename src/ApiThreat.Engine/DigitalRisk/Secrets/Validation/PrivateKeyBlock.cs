using System.Text;
using System.Text.RegularExpressions;

namespace ApiThreat.Engine.DigitalRisk.Secrets.Validation;

/// <summary>
/// Private keys: a PEM block (RFC 7468) whose BEGIN and END labels agree and whose body is base64 of a real key
/// (DER, OpenSSH's openssh-key-v1, OpenPGP), also when written into a JS or JSON string with \n escapes; and PuTTY's
/// .ppk files. A key protected by a passphrase is reported Medium, an open one at the rule's severity.
/// </summary>
public static class PrivateKeyBlock
{
    private static readonly Regex s_labels = new(@"^-----BEGIN (?<begin>[ A-Z0-9]*)-----(?<body>[\s\S]*)-----END (?<end>[ A-Z0-9]*)-----$",
        RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, TimeSpan.FromSeconds(1));

    public static SecretVerdict CheckPem(SecretCandidate c)
    {
        var m = s_labels.Match(c.Value);
        if (!m.Success) return SecretVerdict.Reject;
        var label = m.Groups["begin"].Value.Trim();
        if (label != m.Groups["end"].Value.Trim()) return SecretVerdict.Reject;
        var body = m.Groups["body"].Value.Replace("\\r", "\n").Replace("\\n", "\n");
        var encrypted = label.Contains("ENCRYPTED", StringComparison.Ordinal) || body.Contains("Proc-Type: 4,ENCRYPTED", StringComparison.Ordinal);
        var base64 = new StringBuilder();
        foreach (var raw in body.Split('\n'))
        {
            var line = raw.Trim();
            // A key written as string concatenation ("MII..." + / + "MII..."): the + outside the quotes is not key
            // material, but a + inside is base64 (a line may begin or end with one).
            if (line.Length > 1 && line[^1] == '+' && line[..^1].TrimEnd() is [.., '"' or '\''] ) line = line[..^1].TrimEnd();
            if (line.Length > 1 && line[0] == '+' && line[1..].TrimStart() is ['"' or '\'', ..]) line = line[1..].TrimStart();
            line = line.Trim('"', '\'', ',').Trim();
            // Armour headers (Proc-Type, DEK-Info, PGP's Version/Comment) and PGP's CRC line are not key material.
            if (line.Length == 0 || line.Contains(':') || (line.StartsWith('=') && line.Length == 5)) continue;
            base64.Append(line);
        }
        var der = Base64Url.Decode(base64.ToString(), url: false);
        if (der is null || der.Length < 64) return SecretVerdict.Reject;
        string kind;
        if (label == "OPENSSH PRIVATE KEY")
        {
            var magic = "openssh-key-v1\0"u8;
            if (!der.AsSpan().StartsWith(magic)) return SecretVerdict.Reject;
            var cipher = ReadSshString(der, magic.Length);
            if (cipher is null) return SecretVerdict.Reject;
            encrypted = cipher != "none";
            kind = "OpenSSH private key";
        }
        else if (label.StartsWith("PGP", StringComparison.Ordinal))
        {
            kind = "OpenPGP private key block";
        }
        else
        {
            if (der[0] != 0x30) return SecretVerdict.Reject; // a DER SEQUENCE (PKCS#1, PKCS#8, SEC 1)
            kind = label.Length > 0 ? label.Replace("PRIVATE KEY", "private key").Trim() : "private key";
        }
        return new SecretVerdict(true, $"{kind}, {der.Length:N0} bytes" + (encrypted ? ", encrypted (passphrase protected)" : ", not encrypted"),
            encrypted ? Severity.Medium : null);
    }

    public static SecretVerdict CheckPutty(SecretCandidate c)
    {
        var m = Regex.Match(c.Value, @"Encryption: (?<e>[a-z0-9-]{1,40})", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        if (!m.Success) return SecretVerdict.Reject;
        var encrypted = m.Groups["e"].Value != "none";
        return new SecretVerdict(true, "PuTTY private key" + (encrypted ? ", encrypted (passphrase protected)" : ", not encrypted"),
            encrypted ? Severity.Medium : null);
    }

    private static string? ReadSshString(byte[] data, int at)
    {
        if (at + 4 > data.Length) return null;
        var length = (data[at] << 24) | (data[at + 1] << 16) | (data[at + 2] << 8) | data[at + 3];
        if (length is < 0 or > 64 || at + 4 + length > data.Length) return null;
        return Encoding.ASCII.GetString(data, at + 4, length);
    }
}
