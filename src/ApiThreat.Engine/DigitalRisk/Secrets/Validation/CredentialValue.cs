using System.Text.RegularExpressions;

namespace ApiThreat.Engine.DigitalRisk.Secrets.Validation;

/// <summary>
/// Values whose only structure is where they are: passwords in connection strings and URLs, and values assigned to
/// credential names in code and .env files. Names that only look like credentials (csrfToken, tokenType, publicKey,
/// PASSWORD_MIN_LENGTH) and values that are references, identifiers or words are turned down: a false High is as
/// costly as a miss.
/// </summary>
public static class CredentialValue
{
    private static readonly Regex s_words = new(@"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    private static readonly Regex s_uuid = new(@"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>Words of a name that say the value is not a secret even though another word says credential.</summary>
    private static readonly HashSet<string> s_notSecret = new(StringComparer.OrdinalIgnoreCase)
    {
        "csrf", "xsrf", "public", "pub", "nonce", "integrity", "hash", "hashed", "checksum", "sha", "md5", "etag", "version", "cache",
        "placeholder", "example", "sample", "label", "message", "text", "title", "description", "url", "uri", "path", "endpoint", "type",
        "name", "header", "param", "field", "event", "action", "selector", "class", "style", "regex", "pattern", "format", "length",
        "min", "max", "expires", "expiry", "expiration", "ttl", "timeout", "count", "limit", "prefix", "suffix", "id", "file", "location",
        "policy", "rotation", "strength", "reset", "confirm", "confirmation", "hint", "icon", "input", "error", "enabled", "required",
        "storage", "store", "kind", "mode", "mask", "visible", "lifetime", "age", "issuer", "audience", "scope", "scopes", "provider",
    };

    private static readonly HashSet<string> s_secretWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "secret", "secrets", "token", "password", "passwd", "pwd", "apikey", "credential", "credentials", "privatekey", "accesskey", "authkey",
    };

    private static readonly HashSet<string> s_placeholderPasswords = new(StringComparer.OrdinalIgnoreCase)
    {
        "password", "passwd", "pass", "pwd", "secret", "changeme", "admin", "root", "user", "username", "test", "guest", "xxx", "***",
        "mypassword", "yourpassword", "pa55word", "p4ssw0rd", "null", "none", "undefined", "true", "false",
    };

    public static SecretVerdict CheckUriPassword(SecretCandidate c)
    {
        var password = Uri.UnescapeDataString(c.Value);
        var user = c.Group("user") ?? "";
        var host = (c.Group("host") ?? "").ToLowerInvariant();
        if (password.Length < 3 || s_placeholderPasswords.Contains(password) || Placeholders.IsPlaceholder(password)) return SecretVerdict.Reject;
        if (password.StartsWith('$') || password.StartsWith('%') || password.StartsWith(':') || password.All(ch => ch is '*' or 'x' or 'X' or '.')) return SecretVerdict.Reject;
        if (password.Equals(user, StringComparison.OrdinalIgnoreCase)) return SecretVerdict.Reject;
        if (host is "" or "host" or "hostname" or "your-host" or "your_host") return SecretVerdict.Reject;
        if (host.StartsWith("example.", StringComparison.Ordinal) || host.EndsWith(".example", StringComparison.Ordinal) || host.Contains(".example.", StringComparison.Ordinal)
            || host.EndsWith(".invalid", StringComparison.Ordinal) || host.EndsWith(".test", StringComparison.Ordinal)) return SecretVerdict.Reject;
        return new SecretVerdict(true, $"user '{Safe(Uri.UnescapeDataString(user))}' at {Safe(host)}");
    }

    public static SecretVerdict CheckGeneric(SecretCandidate c)
    {
        if (!NameSaysSecret(c.Group("name") ?? "")) return SecretVerdict.Reject;
        var v = c.Value;
        if (!v.Any(char.IsDigit) || !v.Any(char.IsLetter)) return SecretVerdict.Reject;
        if (v.Contains("://", StringComparison.Ordinal) || v.StartsWith('/') || v.StartsWith('.') || s_uuid.IsMatch(v)) return SecretVerdict.Reject;
        if (v.Count(ch => ch == '.') >= 2 && !v.StartsWith("ey", StringComparison.Ordinal)) return SecretVerdict.Reject; // dotted names, versions, hosts
        var entropy = Entropy.Shannon(v);
        if (entropy < (v.Length >= 24 ? 3.5 : 3.2)) return SecretVerdict.Reject;
        return new SecretVerdict(true, $"assigned to '{Safe(c.Group("name") ?? "")}', entropy {entropy:0.0} bits a character");
    }

    public static SecretVerdict CheckEnv(SecretCandidate c)
    {
        var name = c.Group("name") ?? "";
        if (!NameSaysSecret(name)) return SecretVerdict.Reject;
        var v = c.Value;
        if (s_placeholderPasswords.Contains(v) || v.StartsWith('$') || v.StartsWith('%') || v.All(char.IsDigit) || s_uuid.IsMatch(v)) return SecretVerdict.Reject;
        if (v.Contains("://", StringComparison.Ordinal)) return SecretVerdict.Reject; // a URL: its own detector reads any password in it
        var entropy = Entropy.Shannon(v);
        var mixed = v.Any(char.IsDigit) && v.Any(char.IsLetter);
        if (entropy < 3.0 && !(mixed && entropy >= 2.5)) return SecretVerdict.Reject;
        return new SecretVerdict(true, $"{Safe(name)} = …, entropy {entropy:0.0} bits a character");
    }

    public static SecretVerdict CheckMixedCase(SecretCandidate c) =>
        c.Value.Any(char.IsUpper) && c.Value.Any(char.IsLower) ? SecretVerdict.Accept : SecretVerdict.Reject;

    public static SecretVerdict CheckGoogleApiKey(SecretCandidate c)
    {
        var around = c.Around ?? "";
        return around.Contains("firebase", StringComparison.OrdinalIgnoreCase) || around.Contains("authDomain", StringComparison.Ordinal)
            ? new SecretVerdict(true, "Firebase Web API key: public by design, safe only with API and application restrictions")
            : new SecretVerdict(true, "browser API key: safe only with API and HTTP referrer restrictions");
    }

    /// <summary>True when a word of the name is a credential word and none says "not a secret".</summary>
    public static bool NameSaysSecret(string name)
    {
        var words = s_words.Matches(name).Select(m => m.Value.ToLowerInvariant()).ToList();
        if (words.Count == 0 || words.Any(s_notSecret.Contains)) return false;
        for (var i = 0; i < words.Count; i++)
        {
            if (s_secretWords.Contains(words[i])) return true;
            if (i + 1 < words.Count && words[i + 1] == "key" && words[i] is "api" or "access" or "auth" or "private" or "secret" or "client" or "signing" or "encryption" or "master")
                return true;
        }
        return false;
    }

    private static string Safe(string s) => Text.TextSafety.Truncate(Text.TextSafety.StripControl(s), 80);
}
