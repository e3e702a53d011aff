namespace ApiThreat.Engine.Scan;

/// <summary>The words Invoke-ApiThreatScan says about a scan: what it will do (for -WhatIf/-Confirm), its scan id, and the closing summary.</summary>
public static class ScanSummary
{
    /// <summary>The action ShouldProcess names: the profile, the shard, and what is written afterwards.</summary>
    public static string Action(ScanProfile profile, ShardSpec shard, string? report, string reportFormat, string? saveTo)
    {
        var writes = new List<string>();
        if (report is not null) writes.Add($"write the {reportFormat} report {report}");
        if (saveTo is not null) writes.Add($"save a snapshot to {Inventory.InventoryStores.Display(saveTo)}");
        return $"{profile} scan{(shard.IsWhole ? "" : $" (shard {shard})")}" + (writes.Count > 0 ? ", then " + string.Join(" and ", writes) : "");
    }

    /// <summary>
    /// The scan id: the one given, else APITHREAT_SCAN_ID, else a new one. A shard without a shared id gets a warning:
    /// its snapshot would not merge with the other shards'.
    /// </summary>
    public static string ScanId(string? given, Func<string, string?> environment, ShardSpec shard, out string? warning)
    {
        var scanId = given ?? (environment("APITHREAT_SCAN_ID") is { Length: > 0 } fromEnvironment ? fromEnvironment : null);
        warning = scanId is null && !shard.IsWhole
            ? $"Shard {shard} runs without -ScanId (or APITHREAT_SCAN_ID): its snapshot will not merge with the other shards'."
            : null;
        return scanId ?? Guid.NewGuid().ToString("n");
    }

    /// <summary>The one closing line about names with no web port and hosts that failed; null when there were none.</summary>
    public static string? Closing(ScanResult result)
    {
        if (result.UnansweredHosts == 0 && result.ErrorGroups.Length == 0) return null;
        var failed = result.ErrorGroups.Sum(g => g.Count);
        return $"{result.UnansweredHosts:N0} name(s) had no web port; {failed:N0} failed{(failed > 0 ? ", see $Error and the result's ErrorGroups" : "")}.";
    }
}
