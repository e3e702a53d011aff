using System.Globalization;

namespace ApiThreat.Engine.Text;

/// <summary>
/// The Public Suffix List (publicsuffix.org): which names are suffixes under which anyone can register (com, co.uk,
/// github.io), so which part of a host is its registrable domain ("site"). Rules, wildcards (*.ck) and exceptions
/// (!www.ck) follow the list's own algorithm; a name no rule covers falls under the implicit rule "*" (its last label
/// is the suffix). Both sections are read: ICANN suffixes and the PRIVATE ones of hosting platforms, where each
/// customer's name is a site of its own (app1.herokuapp.com is not app2.herokuapp.com).
/// The list ships as data/psl/public_suffix_list.dat; Update-ApiThreatData puts a newer copy in the user's data folder,
/// which wins. Names are compared in their ASCII (punycode) form, lower case.
/// </summary>
public sealed class PublicSuffixList
{
    public const string FileName = "public_suffix_list.dat";

    private static readonly IdnMapping s_idn = new() { AllowUnassigned = true };
    private static readonly object s_gate = new();
    private static PublicSuffixList? s_current;

    private readonly HashSet<string> _rules = new(StringComparer.Ordinal);
    private readonly HashSet<string> _wildcards = new(StringComparer.Ordinal);   // "ck" for "*.ck"
    private readonly HashSet<string> _exceptions = new(StringComparer.Ordinal);  // "www.ck" for "!www.ck"

    private PublicSuffixList(string? source) => Source = source;

    /// <summary>The file the rules came from (null for the built-in empty list: only the implicit "*" rule).</summary>
    public string? Source { get; }

    public int RuleCount => _rules.Count + _wildcards.Count + _exceptions.Count;

    /// <summary>
    /// The list in use: the user's refreshed copy when there is one, else the module's. When neither can be read
    /// (a broken install), the implicit rule alone: every name's last label is its suffix.
    /// </summary>
    public static PublicSuffixList Current
    {
        get
        {
            if (s_current is { } current) return current;
            lock (s_gate)
            {
                return s_current ??= LoadFirst(DefaultFiles());
            }
        }
    }

    /// <summary>Makes <paramref name="list"/> the one in use (tests, and after Update-ApiThreatData wrote a new copy: null reloads).</summary>
    public static void Use(PublicSuffixList? list)
    {
        lock (s_gate) s_current = list;
    }

    /// <summary>
    /// Where the list is looked for: the user's data folder ($env:APITHREAT_DATA, else LocalApplicationData/ApiThreat,
    /// the folder the cmdlets write to), then the module's data folder beside deps/ where this assembly loads from.
    /// </summary>
    public static IEnumerable<string> DefaultFiles()
    {
        var user = Environment.GetEnvironmentVariable("APITHREAT_DATA") is { Length: > 0 } custom ? custom
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "ApiThreat");
        yield return Path.Combine(user, "psl", FileName);
        // The engine loads from deps/ or, precompiled, from deps/r2r/<tfm>/<os-arch>/: the module's data/ is the nearest above.
        var dir = Path.GetDirectoryName(typeof(PublicSuffixList).Assembly.Location);
        for (var up = 0; up < 4 && !string.IsNullOrEmpty(dir); up++)
        {
            dir = Path.GetDirectoryName(dir);
            if (!string.IsNullOrEmpty(dir)) yield return Path.Combine(dir, "data", "psl", FileName);
        }
    }

    private static PublicSuffixList LoadFirst(IEnumerable<string> files)
    {
        foreach (var file in files)
        {
            if (!File.Exists(file)) continue;
            try { return Load(file); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                // A damaged user copy must not break every scan: the next candidate (the module's copy) serves.
            }
        }
        return new PublicSuffixList(null);
    }

    /// <summary>Whether a file reads like the Public Suffix List (its ICANN section marker in the first lines), not like a range file.</summary>
    public static bool LooksLikeList(string path)
    {
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var head = new char[8192];
        var read = reader.ReadBlock(head, 0, head.Length);
        return new string(head, 0, read).Contains("===BEGIN ICANN DOMAINS===", StringComparison.Ordinal);
    }

    /// <summary>Checks <paramref name="source"/> is the list, then copies it to <paramref name="destination"/> atomically.</summary>
    public static PublicSuffixList Install(string source, string destination)
    {
        var list = Load(source);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(destination))!);
        var temp = destination + ".tmp-" + Guid.NewGuid().ToString("n")[..8];
        try
        {
            File.Copy(source, temp, overwrite: true);
            File.Move(temp, destination, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        return list;
    }

    /// <summary>Reads a list file; throws InvalidDataException when it is not the Public Suffix List.</summary>
    public static PublicSuffixList Load(string path)
    {
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Parse(reader, path);
    }

    public static PublicSuffixList Parse(TextReader reader, string? source = null)
    {
        var list = new PublicSuffixList(source);
        var icann = false;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            // A rule is the first whitespace-delimited word of a line; "//" starts a comment.
            var text = line.Trim();
            if (text.StartsWith("// ===BEGIN ICANN DOMAINS===", StringComparison.Ordinal)) icann = true;
            if (text.Length == 0 || text.StartsWith("//", StringComparison.Ordinal)) continue;
            var end = text.IndexOfAny(new[] { ' ', '\t' });
            var rule = (end < 0 ? text : text[..end]).TrimEnd('.');
            if (rule.Length == 0 || rule.Length > 253) continue;
            if (rule.StartsWith('!')) { if (Ascii(rule[1..]) is { } e) list._exceptions.Add(e); }
            else if (rule.StartsWith("*.", StringComparison.Ordinal)) { if (Ascii(rule[2..]) is { } w) list._wildcards.Add(w); }
            else if (!rule.Contains('*') && Ascii(rule) is { } r) list._rules.Add(r);
        }
        if (!icann || !list._rules.Contains("com") || !list._rules.Contains("co.uk"))
            throw new InvalidDataException($"'{source ?? "(text)"}' is not the Public Suffix List (no ICANN section with com and co.uk).");
        return list;
    }

    /// <summary>The registrable domain of <paramref name="host"/> (example.co.uk for api.example.co.uk); null for a public
    /// suffix itself, an IP address, or a name that is not a host name.</summary>
    public string? RegistrableDomain(string? host)
    {
        var labels = Labels(host);
        if (labels is null) return null;
        var suffix = SuffixLabelCount(labels);
        return labels.Length > suffix ? string.Join('.', labels[^(suffix + 1)..]) : null;
    }

    /// <summary>The public suffix of <paramref name="host"/> (co.uk for api.example.co.uk), or null.</summary>
    public string? PublicSuffix(string? host)
    {
        var labels = Labels(host);
        return labels is null ? null : string.Join('.', labels[^SuffixLabelCount(labels)..]);
    }

    private int SuffixLabelCount(string[] labels)
    {
        // The longest matching rule wins; an exception rule wins over everything and names a suffix one label shorter.
        var best = 1; // the implicit "*"
        for (var i = 0; i < labels.Length; i++)
        {
            var candidate = string.Join('.', labels[i..]);
            var count = labels.Length - i;
            if (_exceptions.Contains(candidate)) return count - 1;
            if (count > best && _rules.Contains(candidate)) best = count;
            if (count > best && i + 1 < labels.Length && _wildcards.Contains(string.Join('.', labels[(i + 1)..]))) best = count;
        }
        return best;
    }

    private static string[]? Labels(string? host)
    {
        if (string.IsNullOrWhiteSpace(host)) return null;
        var h = host.Trim().Trim('[', ']').TrimEnd('.');
        if (h.Length == 0 || System.Net.IPAddress.TryParse(h, out _)) return null;
        var ascii = Ascii(h);
        if (ascii is null) return null;
        var labels = ascii.Split('.');
        return labels.Any(l => l.Length == 0) ? null : labels;
    }

    private static string? Ascii(string name)
    {
        try
        {
            var lower = name.ToLowerInvariant();
            return lower.All(char.IsAscii) ? lower : s_idn.GetAscii(lower).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return null; // not a valid IDN
        }
    }
}
