namespace ApiThreat.Engine.DigitalRisk.Lookalike;

/// <summary>The word and suffix files of Find-LookalikeDomain: one entry a line, trimmed and lower-cased, # comments and repeats left out.</summary>
public static class LookalikeLists
{
    /// <summary>Reads <paramref name="path"/>; IOException or UnauthorizedAccessException when it cannot.</summary>
    public static string[] Read(string path) =>
        File.ReadLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>The RDAP bootstrap registry at <paramref name="path"/>; null with the warning to give when it cannot be read (dates are then not looked up).</summary>
    public static RdapBootstrap? Bootstrap(string path, out string? warning)
    {
        warning = null;
        try { return RdapBootstrap.Load(path); }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            warning = $"The RDAP bootstrap registry '{path}' could not be read ({ex.Message}): registration dates are not looked up. Refresh it with Update-ApiThreatData.";
            return null;
        }
    }
}
