namespace ApiThreat;

/// <summary>One dated snapshot of an inventory database (Save-ApiInventory writes one per call).</summary>
public sealed class InventorySnapshot
{
    public long Id { get; set; }
    /// <summary>The database file.</summary>
    public string Path { get; set; } = "";
    public DateTimeOffset Taken { get; set; }
    public string? Label { get; set; }
    public int ItemCount { get; set; }
    /// <summary>Item type to count, e.g. ApiEndpoint=12.</summary>
    public string[] ItemTypes { get; set; } = Array.Empty<string>();

    public override string ToString() => $"#{Id} {Taken:u} ({ItemCount} items)";
}
