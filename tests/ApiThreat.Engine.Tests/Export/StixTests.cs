using System.Collections.Concurrent;
using ApiThreat.Engine.Export;
using ApiThreat.Engine.Export.Stix;
using Newtonsoft.Json.Linq;
using NJsonSchema;

namespace ApiThreat.Engine.Tests.Export;

public class StixTests
{
    private static readonly ConcurrentDictionary<string, Task<JsonSchema>> s_schemas = new();

    /// <summary>The OASIS schema of a STIX type; its relative $refs resolve against the local files.</summary>
    private static Task<JsonSchema> SchemaFor(string type)
    {
        var folder = type switch
        {
            "bundle" => "common",
            "relationship" or "sighting" => "sros",
            "domain-name" or "ipv4-addr" or "ipv6-addr" or "url" or "x509-certificate" or "software" or "autonomous-system" => "observables",
            _ => "sdos",
        };
        var path = Path.Combine(ExportSamples.SchemaRoot, "stix-2.1", "schemas", folder, type + ".json");
        return s_schemas.GetOrAdd(path, p => JsonSchema.FromFileAsync(p));
    }

    private static async Task AssertValid(JObject o)
    {
        var schema = await SchemaFor((string)o["type"]!);
        var errors = schema.Validate(o.ToString());
        Assert.True(errors.Count == 0, $"{o["id"]}: " + string.Join("; ", errors.Select(e => $"{e.Path}: {e.Kind} {e}")));
    }

    [Fact]
    public async Task Every_object_and_the_bundle_validate_against_the_OASIS_schemas()
    {
        var bundle = StixWriter.Build(ExportSamples.Set(), "Contoso Ltd", ExportSamples.Time);
        foreach (var o in ((JArray)bundle["objects"]!).Cast<JObject>()) await AssertValid(o);
        // The OASIS bundle.json lists the 2.1 types except note, opinion, grouping and location (which then fail its
        // custom-object branch): check the envelope over the types it knows; notes were validated above by note.json.
        var envelope = (JObject)bundle.DeepClone();
        foreach (var note in ((JArray)envelope["objects"]!).Where(o => (string?)o["type"] == "note").ToList()) note.Remove();
        await AssertValid(envelope);
    }

    [Fact]
    public async Task The_validator_rejects_a_broken_object()
    {
        var bad = new JObject { ["type"] = "domain-name", ["id"] = "domain-name--not-a-uuid", ["value"] = "a.test" };
        var errors = (await SchemaFor("domain-name")).Validate(bad.ToString());
        Assert.NotEmpty(errors);
    }

    [Fact]
    public void The_bundle_holds_the_organisation_the_observables_and_the_vulnerabilities()
    {
        var bundle = StixWriter.Build(ExportSamples.Set(), "Contoso Ltd", ExportSamples.Time);
        var objects = ((JArray)bundle["objects"]!).Cast<JObject>().ToList();
        JObject One(string type, string prop, string value) => Assert.Single(objects, o => (string?)o["type"] == type && (string?)o[prop] == value);

        Assert.Equal("organization", (string)One("identity", "name", "Contoso Ltd")["identity_class"]!);
        var api = One("domain-name", "value", "api.contoso.test");
        var v4 = One("ipv4-addr", "value", "192.0.2.10");
        var v6 = One("ipv6-addr", "value", "2001:db8::10");
        Assert.Equal(new[] { (string)v4["id"]!, (string)v6["id"]! }.Order(StringComparer.Ordinal), api["resolves_to_refs"]!.Values<string>());
        var asn = One("autonomous-system", "name", "Example Net");
        Assert.Equal((string)asn["id"]!, (string)v4["belongs_to_refs"]![0]!);
        // old -> its CNAME (a dangling alias has no address)
        var old = One("domain-name", "value", "old.contoso.test");
        var alias = One("domain-name", "value", "contoso-old.azurewebsites.net");
        Assert.Equal((string)alias["id"]!, (string)old["resolves_to_refs"]![0]!);
        Assert.Equal("cpe:2.3:a:f5:nginx:1.18.0:*:*:*:*:*:*:*", (string)One("software", "name", "nginx")["cpe"]!);
        Assert.Equal(new string('A', 64), (string)Assert.Single(objects, o => (string?)o["type"] == "x509-certificate")["hashes"]!["SHA-256"]!);
        One("url", "value", "https://api.contoso.test/graphql");
        One("vulnerability", "name", "CVE-2021-23017");
        One("vulnerability", "name", "Subdomain takeover of old.contoso.test");
        Assert.Equal(2, objects.Count(o => (string?)o["type"] == "note")); // the two findings without CVE or takeover
        var report = Assert.Single(objects, o => (string?)o["type"] == "report");
        Assert.Equal(objects.Count - 1, report["object_refs"]!.Count()); // everything but itself
        Assert.Single(objects, o => (string?)o["type"] == "observed-data");
    }

    [Fact]
    public void SCO_ids_follow_the_spec_and_re_exports_are_byte_identical()
    {
        // STIX 2.1 §2.9 example: domain-name "example.com".
        var bundle = StixWriter.Build(ExportSamples.Set(new DiscoveredHost { HostName = "example.com", Domain = "example.com" }), "X", ExportSamples.Time);
        var d = Assert.Single(((JArray)bundle["objects"]!).Cast<JObject>(), o => (string?)o["type"] == "domain-name");
        Assert.Equal("domain-name--" + StableId.UuidV5(StixWriter.ScoNamespace, "{\"value\":\"example.com\"}"), (string)d["id"]!);

        var scan = ExportSamples.Scan();
        var a = StixWriter.Write(ExportSamples.Set(scan), "Contoso Ltd", ExportSamples.Time);
        var b = StixWriter.Write(ExportSamples.Set(scan.Findings.Reverse().Cast<object>().Append(scan).ToArray()), "Contoso Ltd", ExportSamples.Time);
        Assert.Equal(a, b);
        var later = StixWriter.Write(ExportSamples.Set(scan), "Contoso Ltd", ExportSamples.Time.AddDays(1));
        var ids = (string s) => ((JArray)JObject.Parse(s)["objects"]!).Select(o => (string)o["id"]!).ToList();
        Assert.Equal(ids(a), ids(later)); // only timestamps move
    }
}
