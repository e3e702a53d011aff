using System.Globalization;
using System.Text.RegularExpressions;
using ApiThreat.Engine.Net;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Ip;

/// <summary>One provider file read: its ranges and where they came from.</summary>
public sealed record ImportedRanges(string Provider, DateOnly Date, string Description, IReadOnlyList<CloudRange> Ranges, string File);

/// <summary>
/// Reads the providers' own published range files, downloaded by the user (no network here): AWS ip-ranges.json,
/// Azure ServiceTags_Public_*.json, Google cloud.json, Cloudflare ips-v4 / ips-v6 text, Fastly public-ip-list JSON,
/// and plain CIDR lists for any provider (Akamai, ...). The format is recognised from the content.
/// </summary>
public static class CloudRangeImporter
{
    public const long MaxFileBytes = 64L * 1024 * 1024;
    private static readonly Regex s_dateInName = new(@"(20\d{2})(\d{2})(\d{2})", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

    /// <param name="provider">Names the provider of a plain CIDR list (required unless the file is Cloudflare's ips-v4/ips-v6).</param>
    public static ImportedRanges Import(string path, string? provider = null)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"'{path}' does not exist.", path);
        if (info.Length > MaxFileBytes) throw new InvalidDataException($"'{path}' is larger than {MaxFileBytes / 1024 / 1024} MiB: not a range file.");
        var text = File.ReadAllText(path);
        var fileDate = DateOnly.FromDateTime(info.LastWriteTimeUtc);
        var trimmed = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (trimmed.StartsWith('{')) return ImportJson(path, trimmed, fileDate);
        return ImportText(path, text, provider, fileDate);
    }

    private static ImportedRanges ImportJson(string path, string text, DateOnly fileDate)
    {
        JObject root;
        try
        {
            using var reader = new JsonTextReader(new StringReader(text)) { MaxDepth = 32, DateParseHandling = DateParseHandling.None };
            root = JObject.Load(reader);
        }
        catch (JsonException ex) { throw new InvalidDataException($"'{path}' is not valid JSON: {ex.Message}", ex); }

        if (root["prefixes"] is JArray awsPrefixes && awsPrefixes.FirstOrDefault()?["ip_prefix"] is not null || root["ipv6_prefixes"] is not null)
        {
            var ranges = new List<CloudRange>();
            foreach (var p in (root["prefixes"] as JArray ?? new JArray()).Concat(root["ipv6_prefixes"] as JArray ?? new JArray()))
                Add(ranges, path, (string?)p["ip_prefix"] ?? (string?)p["ipv6_prefix"], "AWS", (string?)p["service"], (string?)p["region"]);
            var created = (string?)root["createDate"]; // "2024-11-15-20-13-07"
            var date = created is { Length: >= 10 } && DateOnly.TryParseExact(created[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : fileDate;
            return new ImportedRanges("AWS", date, $"ip-ranges.json syncToken {(string?)root["syncToken"]}", ranges, path);
        }
        if (root["values"] is JArray values && root["cloud"] is not null)
        {
            var ranges = new List<CloudRange>();
            foreach (var v in values)
            {
                var name = (string?)v["name"] ?? "";
                var props = v["properties"];
                var service = (string?)props?["systemService"] is { Length: > 0 } s ? s : name.Split('.')[0];
                var region = (string?)props?["region"] is { Length: > 0 } r ? r : null;
                foreach (var prefix in props?["addressPrefixes"] as JArray ?? new JArray()) Add(ranges, path, (string?)prefix, "Azure", service, region);
            }
            var m = s_dateInName.Match(Path.GetFileName(path));
            var date = m.Success && DateOnly.TryParseExact(m.Value, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : fileDate;
            return new ImportedRanges("Azure", date, $"ServiceTags_Public ({(string?)root["cloud"]}) changeNumber {(string?)root["changeNumber"]}", ranges, path);
        }
        if (root["prefixes"] is JArray googlePrefixes && (root["creationTime"] is not null || googlePrefixes.FirstOrDefault()?["ipv4Prefix"] is not null || googlePrefixes.FirstOrDefault()?["ipv6Prefix"] is not null))
        {
            var ranges = new List<CloudRange>();
            foreach (var p in googlePrefixes)
                Add(ranges, path, (string?)p["ipv4Prefix"] ?? (string?)p["ipv6Prefix"], "Google Cloud", (string?)p["service"], (string?)p["scope"]);
            var created = (string?)root["creationTime"];
            var date = created is { Length: >= 10 } && DateOnly.TryParseExact(created[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : fileDate;
            return new ImportedRanges("Google Cloud", date, $"cloud.json syncToken {(string?)root["syncToken"]}", ranges, path);
        }
        if (root["addresses"] is JArray || root["ipv6_addresses"] is JArray)
        {
            var ranges = new List<CloudRange>();
            foreach (var a in (root["addresses"] as JArray ?? new JArray()).Concat(root["ipv6_addresses"] as JArray ?? new JArray()))
                Add(ranges, path, (string?)a, "Fastly", "CDN", null);
            return new ImportedRanges("Fastly", fileDate, "public-ip-list", ranges, path);
        }
        throw new InvalidDataException($"'{path}' is JSON but not a range file ApiThreat knows (AWS ip-ranges.json, Azure ServiceTags_Public, Google cloud.json, Fastly public-ip-list).");
    }

    private static ImportedRanges ImportText(string path, string text, string? provider, DateOnly fileDate)
    {
        var name = Path.GetFileName(path).ToLowerInvariant();
        provider ??= name.StartsWith("ips-v4", StringComparison.Ordinal) || name.StartsWith("ips-v6", StringComparison.Ordinal) || name.Contains("cloudflare") ? "Cloudflare"
            : name.Contains("akamai") ? "Akamai"
            : name.Contains("fastly") ? "Fastly"
            : throw new InvalidDataException($"'{path}' is a plain list: name its provider with -Provider (Cloudflare's ips-v4/ips-v6 are recognised by name).");
        var ranges = new List<CloudRange>();
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (!IpNetworks.TryParse(line, out var network) || !line.Contains('/'))
                throw new InvalidDataException($"{path}:{lineNumber}: '{TextSafety.Truncate(line, 80)}' is not a CIDR prefix.");
            ranges.Add(new CloudRange(network, provider, "CDN", null));
        }
        if (ranges.Count == 0) throw new InvalidDataException($"'{path}' holds no prefixes.");
        return new ImportedRanges(provider, fileDate, Path.GetFileName(path), ranges, path);
    }

    private static void Add(List<CloudRange> to, string path, string? prefix, string provider, string? service, string? region)
    {
        if (prefix is null) return;
        if (!IpNetworks.TryParse(prefix, out var network) || !prefix.Contains('/'))
            throw new InvalidDataException($"'{path}': '{TextSafety.Truncate(prefix, 80)}' is not a CIDR prefix.");
        to.Add(new CloudRange(network, provider, string.IsNullOrWhiteSpace(service) ? null : service, string.IsNullOrWhiteSpace(region) ? null : region));
    }

    /// <summary>
    /// Merges imports into an existing data file's content: the providers imported are replaced whole (several files of
    /// one provider, e.g. Cloudflare v4 and v6, add up), the others are kept.
    /// </summary>
    public static (List<CloudRange> Ranges, List<CloudRangeSourceInfo> Sources) Merge(
        IReadOnlyList<CloudRange> existing, IReadOnlyList<CloudRangeSourceInfo> existingSources, IReadOnlyList<ImportedRanges> imports)
    {
        var replaced = imports.Select(i => i.Provider).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var ranges = existing.Where(r => !replaced.Contains(r.Provider)).ToList();
        var sources = existingSources.Where(s => !replaced.Contains(s.Provider)).ToList();
        foreach (var group in imports.GroupBy(i => i.Provider, StringComparer.OrdinalIgnoreCase))
        {
            var unique = group.SelectMany(g => g.Ranges).DistinctBy(r => (r.Network.ToString(), r.Service, r.Region)).ToList();
            ranges.AddRange(unique);
            sources.Add(new CloudRangeSourceInfo(group.Key, group.Max(g => g.Date), string.Join("; ", group.Select(g => g.Description).Distinct()), unique.Count));
        }
        return (ranges, sources);
    }

    /// <summary>
    /// Merges imports into the data file at <paramref name="basePath"/> (when it exists) and writes the result to
    /// <paramref name="destination"/>; returns every provider the file now holds, with its prefix count.
    /// </summary>
    /// <exception cref="FormatException">The existing data file is damaged.</exception>
    /// <exception cref="IOException">The destination cannot be written.</exception>
    public static IReadOnlyList<CloudRangeSource> Update(string destination, string basePath, IReadOnlyList<ImportedRanges> imports)
    {
        var (existing, existingSources) = File.Exists(basePath) ? CloudRangeTable.Read(basePath) : (new List<CloudRange>(), new List<CloudRangeSourceInfo>());
        var (ranges, sources) = Merge(existing, existingSources, imports);
        CloudRangeTable.Write(destination, ranges, sources);
        var counts = ranges.GroupBy(r => r.Provider, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
        return sources.OrderBy(s => s.Provider, StringComparer.OrdinalIgnoreCase).Select(s => new CloudRangeSource
        {
            Provider = s.Provider, Date = s.Date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), PrefixCount = counts.GetValueOrDefault(s.Provider),
            Description = s.Description, Path = destination,
        }).ToList();
    }
}
