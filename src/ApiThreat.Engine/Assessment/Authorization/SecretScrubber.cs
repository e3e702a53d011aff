namespace ApiThreat.Engine.Assessment.Authorization;

/// <summary>
/// Removes the identities' credentials from anything that leaves the engine (evidence, matrix cells, notes, verbose
/// lines, harvested values): a server may echo a token into a body, an id, a header. Asked each time, because a
/// refresh gives an identity new secrets.
/// </summary>
public sealed class SecretScrubber
{
    private const int MinimumLength = 4;
    private readonly IReadOnlyList<AuthIdentity> _identities;
    private readonly List<string> _extra = new();

    public SecretScrubber(IReadOnlyList<AuthIdentity> identities) => _identities = identities;

    /// <summary>A further secret (a password typed into a login probe, a key recovered from a token).</summary>
    public void Add(string secret)
    {
        if (secret.Length < MinimumLength) return;
        lock (_extra) _extra.Add(secret);
    }

    private List<string> Current()
    {
        var all = new List<string>();
        foreach (var identity in _identities)
            foreach (var s in identity.Secrets())
                if (s.Length >= MinimumLength) all.Add(s);
        lock (_extra) all.AddRange(_extra);
        // Longest first: a header value is replaced whole before the token inside it.
        all.Sort((a, b) => b.Length.CompareTo(a.Length));
        return all;
    }

    public string Scrub(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        foreach (var s in Current())
            if (text.Contains(s, StringComparison.Ordinal)) text = text.Replace(s, "[redacted]", StringComparison.Ordinal);
        return text;
    }

    public bool Contains(string text)
    {
        foreach (var s in Current()) if (text.Contains(s, StringComparison.Ordinal) || s.Contains(text, StringComparison.Ordinal) && text.Length >= 12) return true;
        return false;
    }

    /// <summary>The object without any property whose value carries a secret.</summary>
    public HarvestedObject Scrub(HarvestedObject o)
    {
        var secrets = Current();
        if (!o.Properties.Values.Any(v => secrets.Any(s => v.Contains(s, StringComparison.Ordinal)))) return o;
        return new HarvestedObject
        {
            Identity = o.Identity, SourceTemplate = o.SourceTemplate, SourcePath = o.SourcePath, Created = o.Created,
            Properties = o.Properties.Where(p => !secrets.Any(s => p.Value.Contains(s, StringComparison.Ordinal))).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
        };
    }
}
