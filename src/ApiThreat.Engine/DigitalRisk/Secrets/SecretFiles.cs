using ApiThreat.Engine.Discovery.Crawl;

namespace ApiThreat.Engine.DigitalRisk.Secrets;

/// <summary>
/// Find-ExposedSecret -Path: local files (a build's dist folder, a bundle before it ships, a downloaded site) read as
/// a stream, so a 50 MB bundle costs the scanner's chunk, not its size. Source maps are read source by source (up to
/// <see cref="MaxMapBytes"/>); binary files (a NUL in the first 8 KB) are skipped.
/// </summary>
public static class SecretFiles
{
    public const long MaxMapBytes = 64L * 1024 * 1024;
    private const int SniffBytes = 8192;

    /// <summary>The file itself, or every file under a folder (not following links, .git skipped), in a stable order.</summary>
    public static IEnumerable<string> Expand(string path)
    {
        if (File.Exists(path)) { yield return path; yield break; }
        if (!Directory.Exists(path)) yield break;
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        foreach (var file in Directory.EnumerateFiles(path, "*", options).Order(StringComparer.Ordinal))
            if (!file.Contains($"{Path.DirectorySeparatorChar}.git{Path.DirectorySeparatorChar}", StringComparison.Ordinal)) yield return file;
    }

    /// <summary>The secrets of one file; empty for a binary file.</summary>
    public static List<FoundSecret> Scan(SecretHarvester harvester, string file, CancellationToken cancellationToken)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024);
        var head = new byte[SniffBytes];
        var read = stream.ReadAtLeast(head, SniffBytes, throwOnEndOfStream: false);
        if (Array.IndexOf(head, (byte)0, 0, read) >= 0) return new List<FoundSecret>();
        stream.Position = 0;
        if (file.EndsWith(".map", StringComparison.OrdinalIgnoreCase) && stream.Length <= MaxMapBytes)
        {
            var body = new byte[stream.Length];
            stream.ReadExactly(body);
            var sources = SourceMaps.Sources(body);
            if (sources.Count > 0)
            {
                var found = new List<FoundSecret>();
                foreach (var (name, content) in sources)
                    found.AddRange(harvester.ScanText(content, new SecretResource(file, SecretSource.SourceMap, "", Text.TextSafety.Truncate(Text.TextSafety.StripControl(name), 200)), cancellationToken));
                return found;
            }
            stream.Position = 0;
        }
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);
        return harvester.ScanReader(reader, new SecretResource(file, SecretSource.File, ""), cancellationToken);
    }
}
