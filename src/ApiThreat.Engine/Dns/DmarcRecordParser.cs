namespace ApiThreat.Engine.Dns;

/// <summary>A DMARC record as written, its tags, and what is wrong with it.</summary>
public sealed class DmarcParseResult
{
    public required string Raw { get; init; }
    public Dictionary<string, string> Tags { get; } = new(StringComparer.OrdinalIgnoreCase);
    public List<string> Errors { get; } = new();
    public string? Policy { get; set; }
    public string? SubdomainPolicy { get; set; }
    public int Percent { get; set; } = 100;
    public List<string> Rua { get; } = new();
    public List<string> Ruf { get; } = new();
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// Parses DMARC records (RFC 7489 §6.3, §6.4): 'v=DMARC1' must be the first tag, tags are 'name=value' separated by
/// ';' (whitespace allowed around them, a trailing ';' too), p is none/quarantine/reject, sp likewise, pct 0..100,
/// rua/ruf comma-separated URIs (mailto: with an optional !size), adkim/aspf r or s.
/// </summary>
public static class DmarcRecordParser
{
    public static bool MentionsDmarc(string txt) => txt.Contains("v=DMARC1", StringComparison.OrdinalIgnoreCase);

    public static bool IsDmarc(string txt)
    {
        var first = txt.Split(';')[0].Trim();
        var eq = first.IndexOf('=');
        return eq > 0 && first[..eq].Trim().Equals("v", StringComparison.OrdinalIgnoreCase) && first[(eq + 1)..].Trim() == "DMARC1";
    }

    public static DmarcParseResult Parse(string record)
    {
        var result = new DmarcParseResult { Raw = record };
        var parts = record.Split(';');
        if (!IsDmarc(record)) result.Errors.Add("the record does not start with 'v=DMARC1'");
        foreach (var part in parts.Skip(1).Take(50))
        {
            var t = part.Trim();
            if (t.Length == 0) continue;
            var eq = t.IndexOf('=');
            if (eq <= 0) { result.Errors.Add($"'{t}' is not a tag=value pair"); continue; }
            var name = t[..eq].Trim().ToLowerInvariant();
            var value = t[(eq + 1)..].Trim();
            if (!result.Tags.TryAdd(name, value)) result.Errors.Add($"tag '{name}' appears more than once");
        }
        if (result.Tags.TryGetValue("p", out var p))
        {
            if (IsPolicy(p)) result.Policy = p.ToLowerInvariant();
            else result.Errors.Add($"p={p} is not none, quarantine or reject");
        }
        else result.Errors.Add("the required p= tag is missing");
        if (result.Tags.TryGetValue("sp", out var sp))
        {
            if (IsPolicy(sp)) result.SubdomainPolicy = sp.ToLowerInvariant();
            else result.Errors.Add($"sp={sp} is not none, quarantine or reject");
        }
        if (result.Tags.TryGetValue("pct", out var pct))
        {
            if (int.TryParse(pct, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n <= 100) result.Percent = n;
            else result.Errors.Add($"pct={pct} is not a whole number from 0 to 100");
        }
        foreach (var (tag, list) in new[] { ("rua", result.Rua), ("ruf", result.Ruf) })
            if (result.Tags.TryGetValue(tag, out var uris))
                foreach (var uri in uris.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var address = uri.Split('!')[0];
                    if (Uri.TryCreate(address, UriKind.Absolute, out var u) && (u.Scheme is "mailto" or "https" or "http")) list.Add(address);
                    else result.Errors.Add($"{tag} entry '{uri}' is not a mailto: (or http) URI");
                }
        foreach (var tag in new[] { "adkim", "aspf" })
            if (result.Tags.TryGetValue(tag, out var v) && !(v.Equals("r", StringComparison.OrdinalIgnoreCase) || v.Equals("s", StringComparison.OrdinalIgnoreCase)))
                result.Errors.Add($"{tag}={v} is not r or s");
        return result;
    }

    private static bool IsPolicy(string value) =>
        value.Equals("none", StringComparison.OrdinalIgnoreCase) || value.Equals("quarantine", StringComparison.OrdinalIgnoreCase)
        || value.Equals("reject", StringComparison.OrdinalIgnoreCase);
}
