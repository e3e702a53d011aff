using ApiThreat.Engine.Assessment.Hijack.Observatory;
using ApiThreat.Engine.Assessment.Hijack.Takeover;
using ApiThreat.Engine.Fingerprints;
using ApiThreat.Engine.Ip;
using ApiThreat.Engine.Scoring;

namespace ApiThreat.Engine.Scan;

/// <summary>The data every stage reads, loaded once per scan (fingerprints, takeover signatures, HSTS preload, cloud ranges, policy).</summary>
internal sealed class ScanData
{
    public required TechnologyStack Technologies { get; init; }
    public required TakeoverSignatureSet Takeover { get; init; }
    public required HstsPreloadList Preload { get; init; }
    public required CloudRangeTable CloudRanges { get; init; }
    public required ScoringPolicy Policy { get; init; }

    /// <summary>Loads the files; a file that cannot be read throws <see cref="InvalidDataException"/> naming it.</summary>
    public static async Task<ScanData> LoadAsync(ScanDataPaths paths, IScanObserver observer)
    {
        TechnologyStack stack;
        try { stack = TechnologyStack.Load(paths.FingerprintDirectory); }
        catch (FormatException ex) { throw new InvalidDataException($"The fingerprint data in '{paths.FingerprintDirectory}' is damaged: {ex.Message}", ex); }
        foreach (var error in stack.Database.Errors) await observer.WarningAsync($"Fingerprint data: {error}").ConfigureAwait(false);
        var files = paths.TakeoverSignatureFiles.Where(File.Exists).ToList();
        var preload = paths.HstsPreloadFile is { } hsts && File.Exists(hsts) ? Load(hsts, HstsPreloadList.Load) : HstsPreloadList.Empty;
        var ranges = paths.CloudRangeFile is { } cloud && File.Exists(cloud) ? Load(cloud, CloudRangeTable.Load) : CloudRangeTable.Empty;
        ScoringPolicy policy;
        try { policy = ScoringPolicy.Load(paths.ScoringPolicyFile); }
        catch (ScoringPolicyException ex) { throw new InvalidDataException($"The scoring policy '{paths.ScoringPolicyFile}' is invalid: {ex.Message}", ex); }
        return new ScanData
        {
            Technologies = stack,
            Takeover = files.Count == 0 ? TakeoverSignatureSet.Empty : TakeoverSignatureSet.Load(files),
            Preload = preload,
            CloudRanges = ranges,
            Policy = policy,
        };
    }

    private static T Load<T>(string path, Func<string, T> load)
    {
        try { return load(path); }
        catch (Exception ex) when (ex is IOException or FormatException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"'{path}' could not be read: {ex.Message}", ex);
        }
    }
}
