using System.Globalization;
using System.Text.RegularExpressions;

namespace ApiThreat.Engine.DigitalRisk.Secrets.Validation;

/// <summary>
/// Azure's shared keys and signatures: account keys are base64 of 64 bytes, Service Bus keys of 32; a SAS token is a
/// query with a signed version (sv=YYYY-MM-DD), permissions or resource fields, and a signature (sig) that is the
/// base64 of an HMAC-SHA256 (32 bytes). An expired SAS (se in the past) is reported Low.
/// </summary>
public static class AzureSignature
{
    private static readonly Regex s_version = new(@"^\d{4}-\d{2}-\d{2}$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    public static SecretVerdict CheckKeyLength(SecretCandidate c, int bytes) =>
        Base64Url.Decode(c.Value, url: false) is { } key && key.Length == bytes ? new SecretVerdict(true, $"base64 of {bytes} bytes") : SecretVerdict.Reject;

    public static SecretVerdict CheckSas(SecretCandidate c)
    {
        var query = (c.Group("query") ?? "") + "sig=" + c.Value + (c.Group("rest") ?? "");
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.Split('&'))
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0) continue;
            fields.TryAdd(pair[..eq], Uri.UnescapeDataString(pair[(eq + 1)..]));
        }
        if (!fields.TryGetValue("sv", out var version) || !s_version.IsMatch(version)) return SecretVerdict.Reject;
        if (!fields.ContainsKey("sp") && !fields.ContainsKey("ss") && !fields.ContainsKey("sr") && !fields.ContainsKey("si")) return SecretVerdict.Reject;
        if (Base64Url.Decode(Uri.UnescapeDataString(c.Value), url: false) is not { Length: 32 }) return SecretVerdict.Reject;
        var detail = $"signed version {version}";
        if (fields.TryGetValue("sp", out var permissions)) detail += $", permissions {Text.TextSafety.Truncate(permissions, 20)}";
        Severity? severity = null;
        if (fields.TryGetValue("se", out var expiry)
            && DateTimeOffset.TryParse(expiry, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var se))
        {
            var expired = se < DateTimeOffset.UtcNow;
            detail += (expired ? ", expired " : ", expires ") + se.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (expired) severity = Severity.Low;
        }
        return new SecretVerdict(true, detail, severity);
    }
}
