namespace ApiThreat.Engine.DigitalRisk.Lookalike;

/// <summary>The word and suffix files of Find-LookalikeDomain: one entry a line, trimmed and lower-cased, # comments and repeats left out.</summary>
public static class LookalikeLists
{
    /// <summary>Reads <paramref name="path"/>; IOException or UnauthorizedAccessException when it cannot.</summary>
    public static string[] Read(string path) =>
        File.ReadLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToArray();
}
