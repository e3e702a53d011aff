using System.Net;

namespace ApiThreat.Engine.Dns;

/// <summary>One term of an SPF record: a mechanism (with its qualifier) or a modifier (name=value).</summary>
public sealed record SpfTerm(string Name, char Qualifier, string? Value, bool IsModifier)
{
    /// <summary>Terms that cost a DNS lookup at evaluation (RFC 7208 §4.6.4). An unknown modifier named like a
    /// mechanism ("include=x", ignored by receivers) costs nothing.</summary>
    public bool NeedsLookup => IsModifier ? Name == "redirect" : Name is "include" or "a" or "mx" or "ptr" or "exists";
    public override string ToString() => IsModifier ? $"{Name}={Value}" : $"{(Qualifier == '+' ? "" : Qualifier.ToString())}{Name}{(Value is null ? "" : Value)}";
}

/// <summary>An SPF record as written: its terms, syntax errors, and the parts evaluation needs.</summary>
public sealed class SpfParseResult
{
    public required string Raw { get; init; }
    public List<SpfTerm> Terms { get; } = new();
    public List<string> Errors { get; } = new();
    /// <summary>Qualifier of the first all (terms after it are never evaluated), or null.</summary>
    public char? AllQualifier { get; set; }
    public string? Redirect { get; set; }
    public int LookupTerms => Terms.Count(t => t.NeedsLookup && !(t.Name == "redirect" && AllQualifier is not null));
    // Mechanisms only: "include=" is an unknown modifier (fuzzing found its empty value crashing the [1..] here).
    public IEnumerable<string> Includes => Terms.Where(t => !t.IsModifier && t.Name == "include" && t.Value is { Length: > 1 }).Select(t => t.Value![1..]);
    public bool UsesPtr => Terms.Any(t => !t.IsModifier && t.Name == "ptr");
}

/// <summary>
/// Parses SPF records (RFC 7208 §4.6, §5, §6): "v=spf1" then space-separated terms; mechanisms all, include, a, mx,
/// ptr, ip4, ip6, exists with an optional qualifier (+ - ~ ?); modifiers redirect= and exp= (each at most once) and
/// unknown modifiers (ignored, as the RFC says). Anything else is a syntax error, which receivers turn into permerror.
/// </summary>
public static class SpfRecordParser
{
    private static readonly HashSet<string> s_mechanisms = new(StringComparer.Ordinal) { "all", "include", "a", "mx", "ptr", "ip4", "ip6", "exists" };

    public static bool IsSpf(string txt)
    {
        var t = txt.TrimStart();
        return t.StartsWith("v=spf1", StringComparison.OrdinalIgnoreCase) && (t.Length == 6 || t[6] == ' ');
    }

    public static SpfParseResult Parse(string record)
    {
        var result = new SpfParseResult { Raw = record };
        if (!IsSpf(record)) { result.Errors.Add("the record does not start with 'v=spf1'"); return result; }
        var terms = record.TrimStart()[6..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        foreach (var raw in terms.Take(200))
        {
            var term = raw.Trim();
            var eq = term.IndexOf('=');
            var colon = term.IndexOf(':');
            var slash = term.IndexOf('/');
            if (eq > 0 && (colon < 0 || eq < colon) && (slash < 0 || eq < slash))
            {
                var name = term[..eq].ToLowerInvariant();
                var value = term[(eq + 1)..];
                if (!IsModifierName(name)) { result.Errors.Add($"'{term}' is not a valid modifier"); continue; }
                if (name is "redirect" or "exp")
                {
                    if (result.Terms.Any(t => t.Name == name)) result.Errors.Add($"'{name}=' appears more than once");
                    if (value.Length == 0) { result.Errors.Add($"'{term}' has no domain"); continue; }
                    if (name == "redirect") result.Redirect = value;
                }
                result.Terms.Add(new SpfTerm(name, '+', value, IsModifier: true));
                continue;
            }
            var qualifier = '+';
            var body = term;
            if (body.Length > 0 && body[0] is '+' or '-' or '~' or '?') { qualifier = body[0]; body = body[1..]; }
            var end = body.IndexOfAny(new[] { ':', '/' });
            var mech = (end < 0 ? body : body[..end]).ToLowerInvariant();
            var arg = end < 0 ? null : body[end..];
            if (!s_mechanisms.Contains(mech)) { result.Errors.Add($"'{term}' is not an SPF mechanism"); continue; }
            var error = CheckArgument(mech, arg);
            if (error is not null) { result.Errors.Add($"'{term}': {error}"); continue; }
            result.Terms.Add(new SpfTerm(mech, qualifier, arg, IsModifier: false));
            if (mech == "all" && result.AllQualifier is null) result.AllQualifier = qualifier;
        }
        if (terms.Length > 200) result.Errors.Add("more than 200 terms");
        return result;
    }

    private static bool IsModifierName(string name) =>
        name.Length > 0 && char.IsAsciiLetter(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private static string? CheckArgument(string mechanism, string? arg)
    {
        switch (mechanism)
        {
            case "all":
                return arg is null ? null : "all takes no argument";
            case "include":
            case "exists":
                return arg is { Length: > 1 } && arg[0] == ':' && !arg.Contains('/') ? CheckDomainSpec(arg[1..]) : $"{mechanism} needs ':domain'";
            case "ip4":
            case "ip6":
            {
                if (arg is null || arg[0] != ':' || arg.Length < 2) return $"{mechanism} needs ':address'";
                var text = arg[1..];
                var cidr = text.IndexOf('/');
                var address = cidr < 0 ? text : text[..cidr];
                if (!IPAddress.TryParse(address, out var ip)
                    || ip.AddressFamily != (mechanism == "ip4" ? System.Net.Sockets.AddressFamily.InterNetwork : System.Net.Sockets.AddressFamily.InterNetworkV6)
                    || (mechanism == "ip4" && address.Count(c => c == '.') != 3))
                    return $"'{address}' is not an {(mechanism == "ip4" ? "IPv4" : "IPv6")} address";
                if (cidr >= 0 && (!int.TryParse(text[(cidr + 1)..], System.Globalization.NumberStyles.None, null, out var bits) || bits > (mechanism == "ip4" ? 32 : 128)))
                    return "invalid prefix length";
                return null;
            }
            default: // a, mx, ptr: [:domain][/cidr4][//cidr6]
            {
                if (arg is null) return null;
                var rest = arg;
                if (rest[0] == ':')
                {
                    var slash = rest.IndexOf('/');
                    var domain = slash < 0 ? rest[1..] : rest[1..slash];
                    if (CheckDomainSpec(domain) is { } e) return e;
                    rest = slash < 0 ? "" : rest[slash..];
                }
                if (rest.Length == 0) return null;
                var m = System.Text.RegularExpressions.Regex.Match(rest, @"^(?:/(?<v4>\d{1,2}))?(?://(?<v6>\d{1,3}))?$",
                    System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50));
                if (!m.Success || (m.Groups["v4"].Success && int.Parse(m.Groups["v4"].Value) > 32)
                    || (m.Groups["v6"].Success && int.Parse(m.Groups["v6"].Value) > 128))
                    return "invalid prefix length";
                return null;
            }
        }
    }

    private static string? CheckDomainSpec(string spec)
    {
        if (spec.Length == 0) return "empty domain";
        if (spec.Length > 253 + 40) return "domain too long";
        // Macros (%{i}, %{d2}, %%, %_, %-) are allowed; everything else must be visible ASCII without spaces.
        for (var i = 0; i < spec.Length; i++)
        {
            var c = spec[i];
            if (c == '%')
            {
                if (i + 1 >= spec.Length) return "'%' at the end of a domain";
                var n = spec[i + 1];
                if (n is '%' or '_' or '-') { i++; continue; }
                if (n != '{') return $"invalid macro '%{n}'";
                var close = spec.IndexOf('}', i);
                if (close < 0) return "unclosed macro";
                i = close;
                continue;
            }
            if (c <= 0x20 || c > 0x7E) return "invalid character in domain";
        }
        return null;
    }

    /// <summary>True when a domain-spec holds a macro (then it cannot be followed without a real sender).</summary>
    public static bool HasMacro(string spec) => spec.Contains('%');
}
