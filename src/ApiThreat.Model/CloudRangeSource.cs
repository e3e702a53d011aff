namespace ApiThreat;

/// <summary>One provider's cloud/CDN ranges in the data file: where they came from and how old they are (Update-ApiThreatData).</summary>
public sealed class CloudRangeSource
{
    public string Provider { get; set; } = "";
    /// <summary>The date of the provider's published list (its own creation date when it states one).</summary>
    public DateTime Date { get; set; }
    public int PrefixCount { get; set; }
    public string Description { get; set; } = "";
    /// <summary>The data file that holds the ranges.</summary>
    public string Path { get; set; } = "";

    public override string ToString() => $"{Provider} {Date:yyyy-MM-dd} ({PrefixCount})";
}
