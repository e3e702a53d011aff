using System.Text;
using System.Text.RegularExpressions;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Exposure;

/// <summary>
/// Files that must never be served from a web root, each with how its real content looks: a finding needs the
/// content, never a status code alone (soft-404 pages and catch-all routes answer 200 to anything).
/// </summary>
public static class ExposedFiles
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMilliseconds(200);

    public sealed record Candidate(string Path, ThreatRule Rule, string What, Func<HttpProbeResult, bool> IsReal);

    private static Regex Rx(string pattern, RegexOptions extra = RegexOptions.None) => new(pattern, RegexOptions.CultureInvariant | extra, s_timeout);

    private static readonly Regex s_gitHead = Rx(@"\A(?:ref: refs/[\w./-]+|[0-9a-f]{40}|[0-9a-f]{64})\s*\z");
    private static readonly Regex s_gitConfig = Rx(@"\A\s*\[core\][^\[]*?repositoryformatversion\s*=", RegexOptions.Singleline);
    private static readonly Regex s_svnEntries = Rx(@"\A(?:\d{1,2}\s*\n\s*\n?\s*dir\b|<\?xml[^>]*>\s*<wc-entries)");
    private static readonly Regex s_envLine = Rx(@"^\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_.]{1,60}\s*=\s*[^\s<>]", RegexOptions.Multiline);
    private static readonly Regex s_sqlDump = Rx(@"\A(?:\s*--[^\n]*\n)*\s*(?:--\s*(?:MySQL|MariaDB|PostgreSQL) (?:dump|database dump)|CREATE TABLE|INSERT INTO|DROP TABLE|SET NAMES|BEGIN TRANSACTION;|PRAGMA foreign_keys)", RegexOptions.IgnoreCase);
    private static readonly Regex s_phpSource = Rx(@"\A\s*<\?php\b");

    public static readonly IReadOnlyList<Candidate> All = new Candidate[]
    {
        new("/.git/HEAD", ExposureRules.RepositoryExposed, "Git repository (.git)", r => IsText(r) && Matches(s_gitHead, r.Text.Trim('\uFEFF'))),
        new("/.git/config", ExposureRules.RepositoryExposed, "Git repository (.git)", r => IsText(r) && Matches(s_gitConfig, r.Text)),
        new("/.svn/entries", ExposureRules.RepositoryExposed, "Subversion working copy (.svn)", r => IsText(r) && Matches(s_svnEntries, r.Text)),
        new("/.svn/wc.db", ExposureRules.RepositoryExposed, "Subversion working copy (.svn)", r => StartsWith(r, "SQLite format 3\0")),
        new("/.DS_Store", ExposureRules.RepositoryExposed, ".DS_Store folder metadata", r => r.Body.Length >= 8 && r.Body.AsSpan(4, 4).SequenceEqual("Bud1"u8)),
        new("/.env", ExposureRules.SecretFileExposed, ".env file", IsEnvFile),
        new("/.env.production", ExposureRules.SecretFileExposed, ".env file", IsEnvFile),
        new("/backup.zip", ExposureRules.BackupFileExposed, "ZIP archive", r => StartsWith(r, "PK\u0003\u0004")),
        new("/backup.tar.gz", ExposureRules.BackupFileExposed, "gzip archive", r => r.Body.Length > 2 && r.Body[0] == 0x1f && r.Body[1] == 0x8b),
        new("/backup.sql", ExposureRules.BackupFileExposed, "SQL dump", r => IsText(r) && Matches(s_sqlDump, r.Text)),
        new("/dump.sql", ExposureRules.BackupFileExposed, "SQL dump", r => IsText(r) && Matches(s_sqlDump, r.Text)),
        new("/database.sql", ExposureRules.BackupFileExposed, "SQL dump", r => IsText(r) && Matches(s_sqlDump, r.Text)),
        new("/index.php.bak", ExposureRules.BackupFileExposed, "PHP source (backup copy)", r => Matches(s_phpSource, r.Text)),
        new("/wp-config.php.bak", ExposureRules.BackupFileExposed, "PHP source (backup copy)", r => Matches(s_phpSource, r.Text)),
        new("/config.php.bak", ExposureRules.BackupFileExposed, "PHP source (backup copy)", r => Matches(s_phpSource, r.Text)),
        new("/.index.php.swp", ExposureRules.BackupFileExposed, "Vim swap file", r => StartsWith(r, "b0VIM ")),
        new("/.index.html.swp", ExposureRules.BackupFileExposed, "Vim swap file", r => StartsWith(r, "b0VIM ")),
    };

    /// <summary>Two or more KEY=value lines, no HTML, and nothing else but comments and blank lines.</summary>
    public static bool IsEnvFile(HttpProbeResult r)
    {
        if (!IsText(r) || r.Body.Length > 256 * 1024) return false;
        var text = r.Text;
        if (text.Contains('<') && text.Contains('>')) return false;
        var assignments = 0;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (!Matches(s_envLine, line)) return false;
            assignments++;
        }
        return assignments >= 2;
    }

    /// <summary>Not an HTML page (the site's soft-404 or error page).</summary>
    private static bool IsText(HttpProbeResult r) => r.Body.Length > 0 && !LoginPage.IsHtml(r) && Array.IndexOf(r.Body, (byte)0) < 0;

    private static bool StartsWith(HttpProbeResult r, string magic) =>
        r.Body.Length >= magic.Length && r.Body.AsSpan(0, magic.Length).SequenceEqual(Encoding.Latin1.GetBytes(magic));

    private static bool Matches(Regex regex, string text)
    {
        try { return regex.IsMatch(text.Length > 64 * 1024 ? text[..(64 * 1024)] : text); } catch (RegexMatchTimeoutException) { return false; }
    }
}
