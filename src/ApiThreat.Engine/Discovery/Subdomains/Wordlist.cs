namespace ApiThreat.Engine.Discovery.Subdomains;

/// <summary>
/// A wordlist of subdomain labels, read lazily line by line (memory stays flat however long the file is). Blank
/// lines and '#' comments are skipped; a line may hold several labels ("api.eu"); invalid lines are counted, not fatal.
/// </summary>
public sealed class Wordlist
{
    public Wordlist(string path) => Path = path;

    public string Path { get; }
    public long InvalidLines { get; private set; }

    /// <summary>Null when the file can be used; otherwise an error naming it and what is wrong.</summary>
    public static string? Validate(string path)
    {
        try
        {
            if (Directory.Exists(path)) return $"The wordlist '{path}' is a directory, not a file.";
            if (!File.Exists(path)) return $"The wordlist '{path}' does not exist.";
            foreach (var line in File.ReadLines(path))
                if (Normalize(line) is not null) return null;
            return $"The wordlist '{path}' holds no valid label (one label per line: letters, digits, '-' or '_').";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            return $"The wordlist '{path}' cannot be read: {ex.Message}";
        }
    }

    /// <summary>The labels, in file order (so the most likely labels should come first).</summary>
    public IEnumerable<string> Labels(int? take = null)
    {
        var n = 0;
        foreach (var line in File.ReadLines(Path))
        {
            var label = Normalize(line);
            if (label is null)
            {
                if (line.Trim().Length > 0 && !line.TrimStart().StartsWith('#')) InvalidLines++;
                continue;
            }
            yield return label;
            if (take is not null && ++n >= take) yield break;
        }
    }

    /// <summary>A line as a label (lower case, no surrounding dots), or null when it is blank, a comment or invalid.</summary>
    public static string? Normalize(string line)
    {
        var t = line.Trim();
        if (t.Length == 0 || t[0] == '#') return null;
        t = t.Trim('.').ToLowerInvariant();
        if (t.Length is 0 or > 200) return null;
        var labelLength = 0;
        for (var i = 0; i < t.Length; i++)
        {
            var c = t[i];
            if (c == '.')
            {
                if (labelLength == 0 || t[i - 1] == '-') return null;
                labelLength = 0;
                continue;
            }
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) return null;
            if (c == '-' && labelLength == 0) return null;
            if (++labelLength > 63) return null;
        }
        return t[^1] == '-' ? null : t;
    }
}
