using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Converters;
using Newtonsoft.Json.Linq;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Export.Siem;

/// <summary>One event for a SIEM: a finding, an inventory change or a risk score, with its CEF fields and its JSON.</summary>
public sealed class SiemEvent
{
    /// <summary>finding, change or score (the syslog MSGID and the HEC sourcetype suffix).</summary>
    public required string Kind { get; init; }
    /// <summary>CEF Signature ID: the rule id for findings.</summary>
    public required string SignatureId { get; init; }
    public required string Name { get; init; }
    public Severity Severity { get; init; }
    public DateTimeOffset Time { get; init; }
    public string? Host { get; init; }
    /// <summary>CEF extension pairs, in order; values raw (the formatter escapes them).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Extensions { get; init; } = Array.Empty<KeyValuePair<string, string>>();
    /// <summary>The whole object as JSON, for HEC and JSON Lines.</summary>
    public required JObject Json { get; init; }

    /// <summary>The JSON on one line (JSON Lines). Callers outside the engine use this, never <see cref="Json"/>:
    /// the cmdlets see PowerShell's own Newtonsoft.Json, not the engine's.</summary>
    public string ToJsonLine() => Json.ToString(Formatting.None);

    private static readonly JsonSerializer s_serializer = JsonSerializer.Create(new JsonSerializerSettings
    {
        Converters = { new StringEnumConverter() },
        DateFormatString = "yyyy'-'MM'-'dd'T'HH':'mm':'ss.fffK",
        Culture = CultureInfo.InvariantCulture,
    });

    /// <summary>
    /// Hands each event one pipeline object holds (a ScanResult holds many) to <paramref name="each"/>, in a stable
    /// order; false when the object is not one the exports understand (one that is but carries no events is true).
    /// </summary>
    public static bool Each(object item, Action<SiemEvent> each)
    {
        var set = new ExportSet();
        if (!set.Add(item)) return false;
        foreach (var f in set.Findings) each(FromFinding(f));
        foreach (var c in set.Changes) each(FromChange(c));
        foreach (var s in set.Scores) each(FromScore(s));
        return true;
    }

    public static SiemEvent FromFinding(Finding f)
    {
        var host = ExportSet.HostOf(f);
        var fingerprint = StableId.FindingFingerprint(f);
        var ext = new List<KeyValuePair<string, string>>
        {
            new("rt", f.Timestamp.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)),
            new("cat", f.Category.ToString()),
            new("dhost", host),
        };
        if (f.Target.Contains("://", StringComparison.Ordinal)) ext.Add(new("request", f.Target));
        ext.Add(new("msg", TextSafety.Truncate(f.Evidence, 1023)));
        ext.Add(new("externalId", fingerprint));
        Custom(ext, "cs1", "target", f.Target);
        Custom(ext, "cs2", "owaspApi", f.OwaspApi);
        Custom(ext, "cs3", "cwe", f.Cwe);
        Custom(ext, "cs4", "confidence", f.Confidence.ToString());
        Custom(ext, "cs5", "remediation", TextSafety.Truncate(f.Remediation, 1023));
        Custom(ext, "cs6", "vulnerabilityIds", string.Join(",", f.VulnerabilityIds));
        var json = JObject.FromObject(f, s_serializer);
        json.AddFirst(new JProperty("type", "finding"));
        json["fingerprint"] = fingerprint;
        return new SiemEvent
        {
            Kind = "finding", SignatureId = f.RuleId, Name = f.Title, Severity = f.Severity, Time = f.Timestamp, Host = host,
            Extensions = ext,
            Json = json,
        };
    }

    /// <summary>A CEF custom field and its label, only when there is a value.</summary>
    private static void Custom(List<KeyValuePair<string, string>> ext, string key, string label, string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        ext.Add(new(key + "Label", label));
        ext.Add(new(key, value));
    }

    public static SiemEvent FromChange(InventoryChange c)
    {
        var ext = new List<KeyValuePair<string, string>>
        {
            new("rt", c.DetectedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)),
            new("cat", "InventoryChange"),
            new("act", c.ChangeType.ToString()),
            new("msg", TextSafety.Truncate($"{c.ChangeType} {c.ItemType} {c.Key}" + (c.Property is null ? "" : $" {c.Property}: '{c.Before}' -> '{c.After}'"), 1023)),
            new("cs1Label", "itemType"), new("cs1", c.ItemType),
            new("cs2Label", "key"), new("cs2", c.Key),
        };
        if (c.Property is not null) { ext.Add(new("cs3Label", "property")); ext.Add(new("cs3", c.Property)); }
        if (c.Before is not null) { ext.Add(new("cs4Label", "before")); ext.Add(new("cs4", TextSafety.Truncate(c.Before, 1023))); }
        if (c.After is not null) { ext.Add(new("cs5Label", "after")); ext.Add(new("cs5", TextSafety.Truncate(c.After, 1023))); }
        var host = Rules.TargetName.HostOf(c.Key);
        if (host.Length > 0) ext.Insert(2, new("dhost", host));
        var json = JObject.FromObject(c, s_serializer);
        json.AddFirst(new JProperty("type", "change"));
        return new SiemEvent
        {
            Kind = "change", SignatureId = $"ATR-CHANGE-{c.ItemType}-{c.ChangeType}", Name = $"{c.ItemType} {c.ChangeType.ToString().ToLowerInvariant()}: {c.Key}",
            Severity = c.Severity, Time = c.DetectedAt, Host = host.Length > 0 ? host : null, Extensions = ext, Json = json,
        };
    }

    public static SiemEvent FromScore(RiskScore s)
    {
        var severity = s.Grade switch { "A" => Severity.Info, "B" => Severity.Low, "C" => Severity.Medium, "D" => Severity.High, _ => Severity.Critical };
        var score = s.Score.ToString("0.#", CultureInfo.InvariantCulture);
        var ext = new List<KeyValuePair<string, string>>
        {
            new("cat", "RiskScore"),
            new(s.Scope == "Host" ? "dhost" : "cs2", s.Target),
            new("msg", TextSafety.Truncate(string.Join(" ", s.Explanation), 1023)),
            new("cn1Label", "score"), new("cn1", score),
            new("cs1Label", "grade"), new("cs1", s.Grade),
            new("cn2Label", "findingCount"), new("cn2", s.FindingCount.ToString(CultureInfo.InvariantCulture)),
        };
        if (s.Scope != "Host") ext.Insert(1, new("cs2Label", s.Scope.ToLowerInvariant()));
        var json = JObject.FromObject(s, s_serializer);
        json.AddFirst(new JProperty("type", "score"));
        // Factors carry their findings, which are events of their own: keep the score event small.
        foreach (var factor in json["Factors"]?.Children<JObject>() ?? Enumerable.Empty<JObject>()) factor.Remove("Findings");
        return new SiemEvent
        {
            Kind = "score", SignatureId = "ATR-SCORE-" + s.Scope, Name = $"Risk score {s.Target}: {s.Grade} ({score})",
            Severity = severity, Time = DateTimeOffset.UtcNow, Host = s.Scope == "Host" ? s.Target : null, Extensions = ext, Json = json,
        };
    }
}
