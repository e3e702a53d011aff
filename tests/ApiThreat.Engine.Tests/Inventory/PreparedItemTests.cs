using ApiThreat.Engine.Inventory;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ApiThreat.Engine.Tests.Inventory;

public class PreparedItemTests
{
    private static readonly DateTimeOffset s_when = new(2026, 3, 4, 5, 6, 7, 890, TimeSpan.FromHours(2));

    // Objects of the kinds a scan saves, with dates, enums, nested objects, arrays, nulls and text that needs escaping.
    public static TheoryData<object> Objects() => new()
    {
        new ApiEndpoint
        {
            Url = "https://api.contoso.test:8443/v1/", HostName = "api.contoso.test", Port = 8443, Kind = EndpointKind.OpenApi,
            Authentication = new[] { "bearer" }, FirstSeen = s_when, SpecUrl = "https://api.contoso.test:8443/openapi.json",
            Operations = new[] { new ApiOperation { Method = "GET", Path = "/items?x=\"<y>\"", Security = new[] { "bearer" } } },
        },
        new DiscoveredHost { HostName = "www.contoso.test", Domain = "contoso.test", Addresses = new[] { "127.0.0.1", "::1" }, FirstSeen = s_when },
        new Finding
        {
            RuleId = "ATR-TLS-001", Title = "Certificate expired", Severity = Severity.High, Target = "https://www.contoso.test/",
            HostName = "www.contoso.test", Evidence = "notAfter 2020-01-01T00:00:00Z\ttab \u0001 ctrl é", Remediation = "Renew it.",
        },
        new CertificateInfo
        {
            HostName = "www.contoso.test", Subject = "CN=www.contoso.test", NotBefore = s_when.AddDays(-90), NotAfter = s_when,
            DaysRemaining = -3, SubjectAlternativeNames = new[] { "www.contoso.test" }, IsTrusted = true,
        },
    };

    [Theory]
    [MemberData(nameof(Objects))]
    public void The_json_is_that_of_the_object_through_a_JObject(object value)
    {
        var prepared = PreparedItem.From(value);
        var viaJObject = JObject.FromObject(value, JsonSerializer.Create(InventoryItem.JsonSettings))
            .ToString(Formatting.None, InventoryItem.JsonSettings.Converters.ToArray());
        Assert.Equal(viaJObject, prepared.Json);
        Assert.Equal(InventoryItem.From(value).Key, prepared.Key);
    }

    [Theory]
    [MemberData(nameof(Objects))]
    public void An_earlier_first_seen_changes_only_first_seen(object value)
    {
        var prepared = PreparedItem.From(value);
        var earlier = s_when.AddDays(-30);
        var (stamp, json) = prepared.WithEarlier(earlier);
        if (prepared.FirstSeen is null)
        {
            Assert.Null(stamp);
            Assert.Equal(prepared.Json, json);
            return;
        }
        Assert.Equal(earlier.ToUniversalTime().ToString("o", System.Globalization.CultureInfo.InvariantCulture), stamp);
        var expected = JObject.FromObject(value, JsonSerializer.Create(InventoryItem.JsonSettings));
        expected["FirstSeen"] = earlier;
        Assert.Equal(expected.ToString(Formatting.None, InventoryItem.JsonSettings.Converters.ToArray()), json);
        // A later one changes nothing.
        Assert.Equal(prepared.Json, prepared.WithEarlier(s_when.AddDays(1)).Json);
    }
}
