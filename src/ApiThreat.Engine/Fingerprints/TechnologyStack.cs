using System.Collections.Concurrent;

namespace ApiThreat.Engine.Fingerprints;

/// <summary>
/// The detector and the vulnerable-versions table together: what Get-TechnologyStack runs per response. The
/// bundled database is loaded once per process and shared (it is immutable); user files load per call.
/// </summary>
public sealed class TechnologyStack
{
    private static readonly ConcurrentDictionary<string, Lazy<TechnologyStack>> s_bundled = new(StringComparer.Ordinal);

    public TechnologyStack(FingerprintDatabase database, VulnerableVersionTable table)
    {
        Database = database;
        Detector = new TechnologyDetector(database);
        Table = table;
    }

    public FingerprintDatabase Database { get; }
    public TechnologyDetector Detector { get; }
    public VulnerableVersionTable Table { get; }

    /// <summary>
    /// The fingerprints of a data/fingerprints folder plus user paths. Without user paths the result is cached for
    /// the process. Load problems are in Database.Errors; a broken vulnerable-versions table throws FormatException.
    /// </summary>
    public static TechnologyStack Load(string fingerprintDirectory, IReadOnlyCollection<string>? extraPaths = null)
    {
        if (extraPaths is { Count: > 0 }) return Create(fingerprintDirectory, extraPaths);
        return s_bundled.GetOrAdd(Path.GetFullPath(fingerprintDirectory),
            dir => new Lazy<TechnologyStack>(() => Create(dir, null), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
    }

    private static TechnologyStack Create(string directory, IReadOnlyCollection<string>? extraPaths)
    {
        var db = FingerprintDatabase.Load(directory, extraPaths);
        var tableFile = Path.Combine(directory, FingerprintDatabase.VulnerableVersionsFileName);
        var table = File.Exists(tableFile) ? VulnerableVersionTable.Load(tableFile) : VulnerableVersionTable.Empty;
        return new TechnologyStack(db, table);
    }

    /// <summary>Technologies with their version findings attached; <paramref name="warn"/> hears about slow patterns (see <see cref="TechnologyDetector.Detect"/>).</summary>
    public IReadOnlyList<Technology> Identify(ResponseEvidence response, Action<string>? warn = null)
    {
        var technologies = Detector.Detect(response, warn);
        foreach (var t in technologies) t.Findings = Table.Evaluate(t);
        return technologies;
    }
}
