using System.Net;

namespace ApiThreat.Engine.Inventory;

/// <summary>Reading a stored inventory back (Get-ApiInventory -Path): one snapshot's items of the types asked, or the list of snapshots.</summary>
public static class InventoryReader
{
    /// <summary>
    /// The snapshots of the store at <paramref name="location"/> (<paramref name="listSnapshots"/>), else the items of the
    /// snapshot <paramref name="snapshot"/> selects (default latest) of <paramref name="itemTypes"/> (default ApiEndpoint; * = all).
    /// </summary>
    public static IEnumerable<object> Read(string location, NetworkCredential? credential, string? snapshot, string[]? itemTypes, bool listSnapshots,
        Action<string> verbose, CancellationToken cancellationToken)
    {
        using var store = InventoryStores.Open(location, create: false, credential, cancellationToken);
        if (listSnapshots)
        {
            foreach (var s in store.ListSnapshots()) yield return s;
            yield break;
        }
        var selected = store.ResolveSnapshot(snapshot);
        verbose($"Reading snapshot {selected.Id} of {store.Location}, taken {selected.Taken:u}");
        var types = itemTypes is { Length: > 0 } ? itemTypes : new[] { nameof(ApiEndpoint) };
        var all = types.Any(t => t == "*");
        foreach (var item in store.ReadItems(selected.Id, all ? null : types)) yield return item.Value;
    }
}
