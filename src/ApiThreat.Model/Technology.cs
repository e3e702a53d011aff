namespace ApiThreat;

/// <summary>One technology detected on a URL.</summary>
public sealed class Technology
{
    public string Url { get; set; } = "";
    public string HostName { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Version { get; set; }
    public string[] Categories { get; set; } = Array.Empty<string>();
    public int Confidence { get; set; } = 100;
    public string[] Evidence { get; set; } = Array.Empty<string>();
    public string? Cpe { get; set; }
    /// <summary>Names of technologies that implied this one, when it was not seen directly.</summary>
    public string[] ImpliedBy { get; set; } = Array.Empty<string>();
    public string? Website { get; set; }
    /// <summary>Findings about this version (end of life, known vulnerabilities: ATR-TECH-*).</summary>
    public Finding[] Findings { get; set; } = Array.Empty<Finding>();

    public override string ToString() => Version is null ? Name : $"{Name} {Version}";
}

/// <summary>How much Get-TechnologyStack fetches: the page only, or also favicon, robots.txt and an error page.</summary>
public enum TechnologyScanDepth { Standard, Deep }
