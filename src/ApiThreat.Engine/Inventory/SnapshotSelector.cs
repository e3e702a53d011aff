using System.Globalization;
using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Inventory;

/// <summary>How a user names a snapshot, the same for every kind of store.</summary>
public static class SnapshotSelector
{
    /// <summary>
    /// A snapshot named by id ("3"), by "latest" or "previous", or by a date/time (the last snapshot taken at or
    /// before it; a bare date means the end of that day, UTC). Null or empty = the latest.
    /// </summary>
    public static InventorySnapshot Resolve(IReadOnlyList<InventorySnapshot> all, string? spec, string location)
    {
        if (all.Count == 0)
            throw new TargetException(location, "InventoryEmpty", TargetErrorKind.NotFound, $"'{location}' holds no snapshot yet.", "Save one first with Save-ApiInventory.");
        var text = (spec ?? "").Trim();
        if (text.Length == 0 || text.Equals("latest", StringComparison.OrdinalIgnoreCase)) return all[^1];
        if (text.Equals("previous", StringComparison.OrdinalIgnoreCase))
            return all.Count >= 2 ? all[^2] : throw new TargetException(location, "SnapshotNotFound", TargetErrorKind.NotFound,
                $"'{location}' holds only one snapshot: there is no previous one.", "Save another snapshot, or name one by id or date.");
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            return all.FirstOrDefault(s => s.Id == id) ?? throw new TargetException(location, "SnapshotNotFound", TargetErrorKind.NotFound,
                $"'{location}' has no snapshot {id} (it has {string.Join(", ", all.Select(s => s.Id))}).", "Name a snapshot by an id Get-ApiInventory -ListSnapshot shows, or by date.");
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when))
        {
            if (text.Length <= 10) when = when.AddDays(1).AddTicks(-1); // a bare date: the whole day
            return all.LastOrDefault(s => s.Taken <= when) ?? throw new TargetException(location, "SnapshotNotFound", TargetErrorKind.NotFound,
                $"'{location}' has no snapshot taken on or before {when:u} (the first is from {all[0].Taken:u}).", "Give a later date, or a snapshot id.");
        }
        throw new TargetException(text, "InvalidSnapshot", TargetErrorKind.InvalidArgument,
            $"'{text}' is not a snapshot id, 'latest', 'previous' or a date.", "Give a snapshot id (1, 2...), latest, previous, or a date such as 2026-11-01.");
    }
}
