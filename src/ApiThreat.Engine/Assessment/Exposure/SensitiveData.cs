using System.Text.Json;
using System.Text.RegularExpressions;

namespace ApiThreat.Engine.Assessment.Exposure;

/// <summary>How bad a field is to hand to anyone.</summary>
public enum DataKind { Personal, Authority, Secret }

/// <summary>A sensitive field found in a JSON body: its name, kind, a masked sample value and how many records carry it.</summary>
public sealed record SensitiveField(string Name, DataKind Kind, string Sample, int Count);

/// <summary>
/// Reads a JSON response for fields that must not reach anonymous clients: personal data (e-mail addresses with an
/// address-shaped value, phone numbers, national ids, birth dates, card numbers), account authority (role, is_admin,
/// is_staff...) and secrets (password hashes, passwords, API keys, tokens, private keys). Names are matched on
/// their shape and values checked for plausibility, so "email_verified": true or "role": null do not count. An OAuth
/// token response (access_token with token_type or expires_in) is issuance, not exposure. Bounded walk.
/// </summary>
public static class SensitiveData
{
    private const int MaxJsonBytes = 2 * 1024 * 1024;
    private static readonly TimeSpan s_timeout = TimeSpan.FromMilliseconds(200);
    private static Regex Rx(string pattern) => new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, s_timeout);

    private static readonly Regex s_email = Rx(@"^(e-?mail|email_?address|mail|user_?email|contact_?email)$");
    private static readonly Regex s_emailValue = Rx(@"^[^@\s]{1,64}@[^@\s]+\.[a-z]{2,}$");
    private static readonly Regex s_phone = Rx(@"^(phone(_?number)?|mobile(_?phone)?|telephone|tel|msisdn|cell(_?phone)?)$");
    private static readonly Regex s_phoneValue = Rx(@"^\+?[\d\s().-]{7,20}$");
    private static readonly Regex s_nationalId = Rx(@"^(ssn|social_?security(_?number)?|national_?id|nin|tax_?id|passport(_?number)?|card_?number|credit_?card(_?number)?|iban)$");
    private static readonly Regex s_birth = Rx(@"^(dob|date_?of_?birth|birth_?date|birthday)$");
    private static readonly Regex s_role = Rx(@"^(role|roles|user_?role|is_?admin|admin|is_?staff|is_?superuser|superuser|permissions|user_?type|access_?level)$");
    private static readonly Regex s_password = Rx(@"^(password|passwd|pwd|pass|password_?hash|hashed_?password|pass_?hash|user_?pass|encrypted_?password|password_?digest)$");
    private static readonly Regex s_hashValue = Rx(@"^(\$2[abxy]?\$\d\d\$|\$argon2|\$pbkdf2|pbkdf2_sha\d+\$|\$[156]\$|sha\d+\$|[0-9a-f]{32,128}$)");
    private static readonly Regex s_secret = Rx(@"^(api_?key|apikey|secret|client_?secret|secret_?key|private_?key|access_?key(_?id)?|aws_?secret(_?access_?key)?|access_?token|refresh_?token|auth_?token|session_?token|token|jwt|bearer)$");

    public static List<SensitiveField> Find(ReadOnlySpan<byte> body)
    {
        var found = new Dictionary<string, SensitiveField>(StringComparer.Ordinal);
        if (body.Length == 0 || body.Length > MaxJsonBytes) return new();
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
            using var doc = JsonDocument.ParseValue(ref reader);
            var budget = 50_000;
            Walk(doc.RootElement, found, ref budget);
        }
        catch (JsonException) { return new(); }
        return found.Values.OrderByDescending(f => f.Kind).ThenBy(f => f.Name, StringComparer.Ordinal).ToList();
    }

    private static void Walk(JsonElement e, Dictionary<string, SensitiveField> found, ref int budget)
    {
        if (--budget < 0) return;
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var issuance = e.TryGetProperty("access_token", out _) && (e.TryGetProperty("token_type", out _) || e.TryGetProperty("expires_in", out _));
                foreach (var p in e.EnumerateObject())
                {
                    if (!issuance && Classify(p.Name, p.Value) is { } kind)
                    {
                        var sample = Mask(p.Value, kind);
                        found[p.Name] = found.TryGetValue(p.Name, out var old) ? old with { Count = old.Count + 1 } : new SensitiveField(p.Name, kind, sample, 1);
                    }
                    if (p.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array) Walk(p.Value, found, ref budget);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray()) { Walk(item, found, ref budget); if (budget < 0) return; }
                break;
        }
    }

    private static DataKind? Classify(string name, JsonElement value)
    {
        if (name.Length > 64) return null;
        var text = value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : null;
        try
        {
            if (s_password.IsMatch(name)) return text is { Length: > 0 } ? DataKind.Secret : null;
            if (s_secret.IsMatch(name)) return text is { Length: >= 8 } && !text.Contains(' ') ? DataKind.Secret : null;
            if (text is not null && s_hashValue.IsMatch(text) && name.Contains("hash", StringComparison.OrdinalIgnoreCase)) return DataKind.Secret;
            if (s_email.IsMatch(name)) return text is not null && s_emailValue.IsMatch(text) ? DataKind.Personal : null;
            if (s_phone.IsMatch(name)) return text is not null && s_phoneValue.IsMatch(text) && text.Count(char.IsAsciiDigit) >= 7 ? DataKind.Personal : null;
            if (s_nationalId.IsMatch(name) || s_birth.IsMatch(name))
                return text is { Length: >= 4 } || value.ValueKind == JsonValueKind.Number ? DataKind.Personal : null;
            if (s_role.IsMatch(name))
                return value.ValueKind switch
                {
                    JsonValueKind.True => DataKind.Authority,
                    JsonValueKind.False => DataKind.Authority,
                    JsonValueKind.String => text!.Length > 0 ? DataKind.Authority : null,
                    JsonValueKind.Array => value.GetArrayLength() > 0 ? DataKind.Authority : null,
                    _ => null,
                };
        }
        catch (RegexMatchTimeoutException) { }
        return null;
    }

    /// <summary>A value as evidence may show it: e-mails keep their first letter and top-level domain, secrets their kind and length.</summary>
    public static string Mask(JsonElement value, DataKind kind)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.True or JsonValueKind.False:
                return value.ValueKind == JsonValueKind.True ? "true" : "false";
            case JsonValueKind.Array:
                return kind == DataKind.Authority ? $"[{value.GetArrayLength()} item(s)]" : "[…]";
        }
        var text = value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : value.GetRawText();
        if (kind == DataKind.Authority) return text.Length <= 24 && text.All(c => char.IsLetterOrDigit(c) || c is '_' or '-' or ' ') ? text : $"<{text.Length} characters>";
        if (kind == DataKind.Secret) return $"<{text.Length} characters withheld>";
        var at = text.IndexOf('@');
        if (at > 0)
        {
            var dot = text.LastIndexOf('.');
            return text[0] + "***@***" + (dot > at ? text[dot..] : "");
        }
        return text.Length <= 2 ? "**" : "***" + text[^2..];
    }
}
