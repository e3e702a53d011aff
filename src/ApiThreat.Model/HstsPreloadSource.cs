namespace ApiThreat;

/// <summary>The HSTS preload list Update-ApiThreatData wrote: how many hosts it preloads and how old it is.</summary>
public sealed class HstsPreloadSource
{
    /// <summary>The date of the list (the downloaded file's modification date, or the date it states).</summary>
    public DateTime Date { get; set; }
    /// <summary>Entries with mode force-https (the only ones that preload).</summary>
    public int EntryCount { get; set; }
    public string Description { get; set; } = "";
    /// <summary>The data file written.</summary>
    public string Path { get; set; } = "";

    public override string ToString() => $"HSTS preload list {Date:yyyy-MM-dd} ({EntryCount})";
}
