namespace ApiThreat.Engine.Fingerprints;

/// <summary>Where a pattern looks.</summary>
public enum EvidenceKind { Header, Cookie, Meta, ScriptSrc, Html, Text, Title, Url, CertIssuer, Robots, Favicon }

/// <summary>One pattern of one technology, placed on one kind of evidence (and, for keyed kinds, one name).</summary>
public sealed class PatternRule
{
    public required Fingerprint Technology { get; init; }
    public required EvidenceKind Kind { get; init; }
    /// <summary>Header, cookie or meta name (lower case); a trailing '*' makes it a prefix. Null for unkeyed kinds.</summary>
    public string? Key { get; init; }
    public required FingerprintPattern Pattern { get; init; }
    /// <summary>Index in the database's rule list (the prefilter's key).</summary>
    public int Id { get; set; }

    public override string ToString() => $"{Technology.Name} {Kind}{(Key is null ? "" : " " + Key)}: {Pattern.Source}";
}

/// <summary>A technology reference with an optional confidence (implies, excludes, requires).</summary>
public readonly record struct TechnologyReference(string Name, int Confidence);

/// <summary>One technology of the database (a Wappalyzer-schema entry), its patterns compiled.</summary>
public sealed class Fingerprint
{
    public required string Name { get; init; }
    public int[] CategoryIds { get; init; } = Array.Empty<int>();
    public string[] Categories { get; set; } = Array.Empty<string>();
    public string? Website { get; init; }
    public string? Description { get; init; }
    /// <summary>CPE 2.3 formatted string, version field usually '*'.</summary>
    public string? Cpe { get; init; }
    public TechnologyReference[] Implies { get; init; } = Array.Empty<TechnologyReference>();
    public string[] Excludes { get; init; } = Array.Empty<string>();
    public string[] Requires { get; init; } = Array.Empty<string>();
    public int[] FaviconHashes { get; init; } = Array.Empty<int>();
    public List<PatternRule> Rules { get; } = new();
    /// <summary>The file it came from (for error messages and Get-TechnologyStack -Verbose).</summary>
    public string SourceFile { get; init; } = "";

    public override string ToString() => Name;
}

/// <summary>A problem met while loading fingerprints: the file, the technology (when one is to blame), the reason.</summary>
public sealed record FingerprintLoadError(string File, string? Technology, string Message)
{
    public override string ToString() => Technology is null
        ? $"Fingerprint file '{File}': {Message}"
        : $"Fingerprint file '{File}', technology '{Technology}': {Message}";
}
