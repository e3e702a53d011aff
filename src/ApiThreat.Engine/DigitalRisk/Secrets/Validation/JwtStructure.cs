using System.Text;
using System.Text.Json;

namespace ApiThreat.Engine.DigitalRisk.Secrets.Validation;

/// <summary>
/// A JSON Web Token (RFC 7519): a base64url JSON header naming its algorithm, a base64url JSON payload, a signature.
/// An expired token is reported Low (it no longer opens anything by itself); a Supabase anon key is public by design
/// (Low), its service_role key is not (High).
/// </summary>
public static class JwtStructure
{
    public static SecretVerdict Check(SecretCandidate c)
    {
        var parts = c.Value.Split('.');
        if (parts.Length != 3) return SecretVerdict.Reject;
        var header = Base64Url.Decode(parts[0], url: true);
        var payload = Base64Url.Decode(parts[1], url: true);
        if (header is null || payload is null) return SecretVerdict.Reject;
        using var h = JsonDocument.Parse(header, new JsonDocumentOptions { MaxDepth = 8 });
        using var p = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = 16 });
        if (h.RootElement.ValueKind != JsonValueKind.Object || p.RootElement.ValueKind != JsonValueKind.Object) return SecretVerdict.Reject;
        if (!h.RootElement.TryGetProperty("alg", out var alg) || alg.ValueKind != JsonValueKind.String) return SecretVerdict.Reject;
        var algorithm = alg.GetString() ?? "";
        if (algorithm.Length is 0 or > 20) return SecretVerdict.Reject;
        if (parts[2].Length == 0 && !algorithm.Equals("none", StringComparison.OrdinalIgnoreCase)) return SecretVerdict.Reject;
        var detail = new StringBuilder("alg ").Append(Safe(algorithm));
        Severity? severity = null;
        if (p.RootElement.TryGetProperty("exp", out var exp) && exp.ValueKind == JsonValueKind.Number && exp.TryGetInt64(out var seconds)
            && seconds is > 0 and < 253402300800)
        {
            var when = DateTimeOffset.FromUnixTimeSeconds(seconds);
            var expired = when < DateTimeOffset.UtcNow;
            detail.Append(expired ? "; expired " : "; expires ").Append(when.ToString("yyyy-MM-dd"));
            if (expired) severity = Severity.Low;
        }
        else detail.Append("; no expiry");
        if (p.RootElement.TryGetProperty("role", out var role) && role.ValueKind == JsonValueKind.String)
        {
            var r = role.GetString();
            if (r == "anon") { detail.Append("; role anon (a public client key by design)"); severity = Severity.Low; }
            else if (r == "service_role") { detail.Append("; role service_role (bypasses row-level security)"); severity = severity == Severity.Low ? Severity.Low : Severity.High; }
        }
        if (p.RootElement.TryGetProperty("iss", out var iss) && iss.ValueKind == JsonValueKind.String) detail.Append("; issuer ").Append(Safe(iss.GetString()));
        return new SecretVerdict(true, detail.ToString(), severity);
    }

    /// <summary>Payload text is the token's author's: bounded and stripped before it joins a detail.</summary>
    private static string Safe(string? s) => Text.TextSafety.Truncate(Text.TextSafety.StripControl(s), 80);
}
