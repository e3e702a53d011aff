using System.Text.Json;
using System.Text.RegularExpressions;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Specs;

namespace ApiThreat.Engine.DigitalRisk.Secrets;

/// <summary>A file Find-ExposedSecret asks for, and what its answer must look like to be read.</summary>
public sealed record WellKnownFile(string Path, string Kind);

/// <summary>
/// The configuration files and API descriptions of module/data/secrets/well-known-files.json (embedded), and the
/// content check each kind needs: a single-page app answers its index.html with 200 to every path, a framework its
/// own 404 page, and neither is a leaked .env.
/// </summary>
public static class WellKnownFiles
{
    public const string ResourceName = "ApiThreat.Engine.DigitalRisk.Secrets.well-known-files.json";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(1);
    private static readonly Regex s_envLine = new(@"^[ \t]*(?:export[ \t]+)?[A-Za-z_][A-Za-z0-9_.]*[ \t]*=", RegexOptions.Multiline | RegexOptions.CultureInvariant, s_timeout);
    private static readonly Regex s_iniLine = new(@"^[ \t]*(?:\[[^\]\r\n]{1,100}\]|[A-Za-z0-9_./:@-]{1,200}[ \t]*=)", RegexOptions.Multiline | RegexOptions.CultureInvariant, s_timeout);
    private static readonly Regex s_yamlLine = new(@"^[ \t]*[A-Za-z0-9_.-]{1,100}:[ \t]", RegexOptions.Multiline | RegexOptions.CultureInvariant, s_timeout);
    private static readonly Lazy<IReadOnlyList<WellKnownFile>> s_all = new(Load);

    public static IReadOnlyList<WellKnownFile> All => s_all.Value;

    private static IReadOnlyList<WellKnownFile> Load()
    {
        using var stream = typeof(WellKnownFiles).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidDataException($"The engine carries no {ResourceName} resource.");
        using var doc = JsonDocument.Parse(stream);
        return doc.RootElement.GetProperty("files").EnumerateArray()
            .Select(e => new WellKnownFile(e.GetProperty("path").GetString()!, e.GetProperty("kind").GetString()!)).ToArray();
    }

    /// <summary>True when the answer is the kind of file asked for (status 200, not an HTML page, the content's shape).</summary>
    public static bool Accepts(WellKnownFile file, HttpProbeResult r)
    {
        if (r.StatusCode != 200 || r.Body.Length == 0) return false;
        var text = r.Text;
        var head = text.AsSpan(0, Math.Min(text.Length, 512)).TrimStart();
        var html = (r.ContentType ?? "").Contains("html", StringComparison.OrdinalIgnoreCase)
            || head.StartsWith("<!doctype", StringComparison.OrdinalIgnoreCase) || head.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
        if (html) return false;
        try
        {
            switch (file.Kind)
            {
                case "env": return MostLines(text, s_envLine);
                case "ini": return s_iniLine.IsMatch(text) && !head.StartsWith("{", StringComparison.Ordinal);
                case "yaml": return s_yamlLine.IsMatch(text);
                case "json":
                    using (var doc = JsonDocument.Parse(r.Body, new JsonDocumentOptions { MaxDepth = 64, AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }))
                        return doc.RootElement.ValueKind is JsonValueKind.Object or JsonValueKind.Array;
                case "javascript": return !head.StartsWith("{", StringComparison.Ordinal) || (r.ContentType ?? "").Contains("javascript", StringComparison.OrdinalIgnoreCase);
                case "xml": return head.StartsWith("<", StringComparison.Ordinal) && text.Contains("<configuration", StringComparison.OrdinalIgnoreCase);
                case "php": return text.Contains("<?php", StringComparison.Ordinal);
                case "netrc": return text.Contains("machine ", StringComparison.Ordinal) && (text.Contains("password", StringComparison.Ordinal) || text.Contains("login", StringComparison.Ordinal));
                case "openapi": return SpecDetector.Detect(r.Body).Kind is SpecKind.OpenApi or SpecKind.Swagger;
                case "text": return text.Contains("://", StringComparison.Ordinal) && text.Contains('@');
                default: return false;
            }
        }
        catch (Exception ex) when (ex is JsonException or RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>Half or more of the non-blank, non-comment lines (of the first 200) have the line shape.</summary>
    private static bool MostLines(string text, Regex line)
    {
        int lines = 0, matching = 0;
        foreach (var raw in text.Split('\n').Take(200))
        {
            var l = raw.Trim();
            if (l.Length == 0 || l.StartsWith('#')) continue;
            lines++;
            if (line.IsMatch(raw)) matching++;
        }
        return matching > 0 && matching * 2 >= lines;
    }
}
