using System.Text;
using ApiThreat.Engine.Fingerprints;
using ApiThreat.Engine.Tests.Infrastructure;
using Newtonsoft.Json.Linq;

namespace ApiThreat.Engine.Tests.Fingerprints;

/// <summary>
/// A stored response (fixtures/*.json) and the exact technologies it must yield. Fields: name, url, status,
/// headers [[name, value]...], body or bodyLines, certIssuer, robots, faviconHash, errorPage {same shape},
/// expect {technology: version or null}, findings [rule ids].
/// </summary>
public sealed class ResponseFixture
{
    public required string Name { get; init; }
    public required string File { get; init; }
    public required ResponseEvidence Evidence { get; init; }
    public required Dictionary<string, string?> Expect { get; init; }
    public string[] Findings { get; init; } = Array.Empty<string>();

    public override string ToString() => Name;

    public static string Directory => RepoPaths.File_("tests", "ApiThreat.Engine.Tests", "Fingerprints", "fixtures");

    private static readonly Lazy<IReadOnlyList<ResponseFixture>> s_all = new(LoadAll);

    public static IReadOnlyList<ResponseFixture> All => s_all.Value;

    public static IEnumerable<object[]> Names() => All.Select(f => new object[] { f.Name });

    public static ResponseFixture Get(string name) => All.Single(f => f.Name == name);

    private static IReadOnlyList<ResponseFixture> LoadAll()
    {
        var list = new List<ResponseFixture>();
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*.json").OrderBy(f => f, StringComparer.Ordinal))
            foreach (var item in JArray.Parse(System.IO.File.ReadAllText(file)))
            {
                var o = (JObject)item;
                var expect = new Dictionary<string, string?>(StringComparer.Ordinal);
                foreach (var p in ((JObject?)o["expect"] ?? new JObject()).Properties()) expect[p.Name] = p.Value.Type == JTokenType.Null ? null : (string?)p.Value;
                list.Add(new ResponseFixture
                {
                    Name = (string)o["name"]!,
                    File = Path.GetFileName(file),
                    Evidence = ReadEvidence(o),
                    Expect = expect,
                    Findings = o["findings"]?.Values<string>().OfType<string>().ToArray() ?? Array.Empty<string>(),
                });
            }
        var duplicates = list.GroupBy(f => f.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0) throw new InvalidOperationException("Duplicate fixture names: " + string.Join(", ", duplicates));
        return list;
    }

    private static ResponseEvidence ReadEvidence(JObject o)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var h in (JArray?)o["headers"] ?? new JArray()) headers.Add(new((string)h[0]!, (string)h[1]!));
        var body = (string?)o["body"] ?? string.Join("\n", o["bodyLines"]?.Values<string>() ?? Array.Empty<string>());
        return new ResponseEvidence
        {
            Url = (string?)o["url"] ?? "https://www.example.test/",
            StatusCode = (int?)o["status"] ?? 200,
            Headers = headers,
            Body = body,
            CertificateIssuer = (string?)o["certIssuer"],
            Robots = (string?)o["robots"],
            FaviconHash = (int?)o["faviconHash"] ?? (o["favicon"] is { } f ? FaviconHash.Compute(Convert.FromBase64String((string)f!)) : null),
            ErrorPage = o["errorPage"] is JObject e ? ReadEvidence(e) : null,
        };
    }
}
