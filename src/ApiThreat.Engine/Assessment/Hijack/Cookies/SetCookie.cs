namespace ApiThreat.Engine.Assessment.Hijack.Cookies;

/// <summary>
/// One Set-Cookie header parsed per RFC 6265 (section 5.2): name=value, then attributes, case-insensitive; the
/// last occurrence of an attribute wins. Bounded: the header is hostile.
/// </summary>
public sealed class SetCookie
{
    private SetCookie() { }

    public string Name { get; private init; } = "";
    public string Value { get; private init; } = "";
    public bool Secure { get; private set; }
    public bool HttpOnly { get; private set; }
    /// <summary>The SameSite value as sent (null when absent).</summary>
    public string? SameSite { get; private set; }
    public string? Domain { get; private set; }
    public string? Path { get; private set; }
    public bool Persistent { get; private set; }
    public string Raw { get; private init; } = "";

    /// <summary>SameSite is Strict, Lax or None (case-insensitive).</summary>
    public bool SameSiteValid => SameSite is { } s && (s.Equals("strict", StringComparison.OrdinalIgnoreCase)
        || s.Equals("lax", StringComparison.OrdinalIgnoreCase) || s.Equals("none", StringComparison.OrdinalIgnoreCase));

    public bool SameSiteRestricts => SameSite is { } s && (s.Equals("strict", StringComparison.OrdinalIgnoreCase) || s.Equals("lax", StringComparison.OrdinalIgnoreCase));

    public bool SameSiteNone => string.Equals(SameSite, "none", StringComparison.OrdinalIgnoreCase);

    /// <summary>Name suggests a session or login token (the Observatory's heuristic plus common framework names).</summary>
    public bool LooksLikeSession => IsSessionName(Name);

    public bool LooksLikeAntiCsrf => Name.Contains("csrf", StringComparison.OrdinalIgnoreCase) || Name.Contains("xsrf", StringComparison.OrdinalIgnoreCase);

    public static bool IsSessionName(string name)
    {
        var n = name.ToLowerInvariant();
        if (n.Contains("csrf") || n.Contains("xsrf")) return false; // anti-CSRF tokens are not sessions
        return n.Contains("sess") || n.Contains("login") || n is "sid" or "connect.sid" or "jsessionid" or "phpsessid" or "asp.net_sessionid"
            || n.EndsWith("_sid", StringComparison.Ordinal) || n.Contains("auth") || n.EndsWith("token", StringComparison.Ordinal);
    }

    public static SetCookie? Parse(string header)
    {
        if (string.IsNullOrWhiteSpace(header)) return null;
        var raw = header.Length > 8192 ? header[..8192] : header;
        var parts = raw.Split(';');
        var pair = parts[0];
        var eq = pair.IndexOf('=');
        if (eq <= 0) return null; // no name: browsers ignore the cookie
        var cookie = new SetCookie { Name = pair[..eq].Trim(), Value = pair[(eq + 1)..].Trim(), Raw = raw };
        if (cookie.Name.Length == 0) return null;
        foreach (var attribute in parts.Skip(1))
        {
            var i = attribute.IndexOf('=');
            var key = (i < 0 ? attribute : attribute[..i]).Trim().ToLowerInvariant();
            var value = i < 0 ? null : attribute[(i + 1)..].Trim();
            switch (key)
            {
                case "secure": cookie.Secure = true; break;
                case "httponly": cookie.HttpOnly = true; break;
                case "samesite": cookie.SameSite = value ?? ""; break;
                case "domain": cookie.Domain = string.IsNullOrEmpty(value) ? null : value.TrimStart('.').ToLowerInvariant(); break;
                case "path": cookie.Path = value; break;
                case "expires":
                case "max-age": cookie.Persistent = true; break;
            }
        }
        return cookie;
    }

    /// <summary>Why a browser rejects the cookie for its name prefix, or null when the prefix rules hold.</summary>
    public string? PrefixViolation()
    {
        if (Name.StartsWith("__Secure-", StringComparison.Ordinal) && !Secure) return "__Secure- cookie without Secure";
        if (Name.StartsWith("__Host-", StringComparison.Ordinal))
        {
            if (!Secure) return "__Host- cookie without Secure";
            if (Domain is not null) return "__Host- cookie with a Domain attribute";
            if (Path != "/") return "__Host- cookie without Path=/";
        }
        return null;
    }

    /// <summary>Whether a browser would store the cookie for this host (domain-match, prefix rules).</summary>
    public bool AcceptedBy(string host, bool overHttps)
    {
        if (PrefixViolation() is not null) return false;
        if (Secure && !overHttps) return false;
        if (Domain is null) return true;
        return host == Domain || host.EndsWith("." + Domain, StringComparison.Ordinal);
    }

    public override string ToString() => Raw;
}
