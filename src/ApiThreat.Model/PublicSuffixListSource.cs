namespace ApiThreat;

/// <summary>The Public Suffix List Update-ApiThreatData installed: how many rules it has and how old it is.</summary>
public sealed class PublicSuffixListSource
{
    /// <summary>The date of the list (the downloaded file's modification date).</summary>
    public DateTime Date { get; set; }
    /// <summary>Rules, wildcards and exceptions, ICANN and private sections together.</summary>
    public int RuleCount { get; set; }
    public string Description { get; set; } = "";
    /// <summary>The data file written.</summary>
    public string Path { get; set; } = "";

    public override string ToString() => $"Public Suffix List {Date:yyyy-MM-dd} ({RuleCount} rules)";
}
