using ApiThreat.Engine.Inventory;

namespace ApiThreat.Engine.Tests.Inventory;

public class InventoryDiffTests
{
    private static List<InventoryItem> Items(params object[] values) => values.Select(InventoryItem.From).ToList();

    private static string Line(InventoryChange c) => $"{c.ChangeType} {c.ItemType} {c.Property ?? c.Key} {c.Severity} {c.RuleId}".Trim();

    [Fact]
    public void Lost_authentication_is_high_and_names_its_rule()
    {
        var before = InventoryStoreTests.Endpoint("https://api.contoso.test/", "Bearer");
        var after = InventoryStoreTests.Endpoint("https://api.contoso.test/", "None");
        var changes = InventoryDiff.Compare(Items(before), Items(after), DateTimeOffset.UtcNow, onlyCurrentTypes: true);
        var c = Assert.Single(changes);
        Assert.Equal("Modified Authentication Authentication High ATR-INV-005", Line(c));
        Assert.Equal("Bearer", c.Before);
        Assert.Equal("None", c.After);
        Assert.Equal("api.contoso.test", c.HostName);
    }

    [Fact]
    public void Operations_hosts_and_endpoints_added_and_removed()
    {
        var a = InventoryStoreTests.Endpoint("https://api.contoso.test/");
        var b = InventoryStoreTests.Endpoint("https://api.contoso.test/");
        b.Operations = b.Operations.Append(new ApiOperation { Method = "DELETE", Path = "/items/{id}" }).ToArray();
        var gone = InventoryStoreTests.Endpoint("https://old.contoso.test/");
        var added = InventoryStoreTests.Endpoint("https://new.contoso.test/");
        var changes = InventoryDiff.Compare(Items(a, gone), Items(b, added), DateTimeOffset.UtcNow, onlyCurrentTypes: true).Select(Line).Order().ToArray();
        Assert.Equal(new[]
        {
            "Added Endpoint https://new.contoso.test/ Medium ATR-INV-004",
            "Added Host new.contoso.test Low",
            "Added Operation https://api.contoso.test/ DELETE /items/{id} Medium ATR-INV-006",
            "Removed Endpoint https://old.contoso.test/ Info",
            "Removed Host old.contoso.test Info",
        }, changes);
    }

    [Fact]
    public void Certificate_dns_ip_and_technology_changes_carry_before_and_after()
    {
        var before = Items(
            new CertificateInfo { HostName = "api.contoso.test", Port = 443, Issuer = "CN=Good CA", Sha256Fingerprint = "AA", KeyAlgorithm = "RSA", KeySize = 2048 },
            new DiscoveredHost { HostName = "api.contoso.test", Addresses = new[] { "203.0.113.5" }, CnameChain = new[] { "api.azurewebsites.net" } },
            new IpIntelligence { Address = "203.0.113.5", Asn = 8075, Organization = "Microsoft", CloudProvider = "Azure" },
            new Technology { Url = "https://api.contoso.test/", HostName = "api.contoso.test", Name = "nginx", Version = "1.24.0" });
        var after = Items(
            new CertificateInfo { HostName = "api.contoso.test", Port = 443, Issuer = "CN=Other CA", Sha256Fingerprint = "BB", KeyAlgorithm = "RSA", KeySize = 2048 },
            new DiscoveredHost { HostName = "api.contoso.test", Addresses = new[] { "198.51.100.7" }, CnameChain = new[] { "api.herokudns.com" } },
            new IpIntelligence { Address = "203.0.113.5", Asn = 16509, Organization = "Amazon", CloudProvider = "AWS" },
            new Technology { Url = "https://api.contoso.test/", HostName = "api.contoso.test", Name = "nginx", Version = "1.25.3" });
        var changes = InventoryDiff.Compare(before, after, DateTimeOffset.UtcNow, onlyCurrentTypes: false);
        Assert.Equal(new[]
        {
            "Modified Certificate Fingerprint Info",
            "Modified Certificate Issuer Medium ATR-INV-007",
            "Modified Dns Addresses Low",
            "Modified Dns CnameChain Medium",
            "Modified Ip Asn Medium",
            "Modified Ip CloudProvider Medium",
            "Modified Ip Organization Medium",
            "Modified Technology Version Low",
        }, changes.Select(Line).Order().ToArray());
        var issuer = changes.Single(c => c.Property == "Issuer");
        Assert.Equal(("CN=Good CA", "CN=Other CA"), (issuer.Before, issuer.After));
    }

    [Fact]
    public void Only_the_types_piped_in_are_compared()
    {
        var baseline = Items(InventoryStoreTests.Endpoint("https://api.contoso.test/"), new DiscoveredHost { HostName = "www.contoso.test" });
        var current = Items(InventoryStoreTests.Endpoint("https://api.contoso.test/"));
        Assert.Empty(InventoryDiff.Compare(baseline, current, DateTimeOffset.UtcNow, onlyCurrentTypes: true));
        Assert.Contains(InventoryDiff.Compare(baseline, current, DateTimeOffset.UtcNow, onlyCurrentTypes: false), c => c.ChangeType == ChangeType.Removed && c.ItemType == "Dns");
    }

    private static HijackAssessment Assessment(DateTimeOffset when, string grade, params string[] rules) => new()
    {
        Url = "https://www.contoso.test/", HostName = "www.contoso.test", Grade = grade, Score = grade == "A" ? 90 : 40,
        Tests = new[] { new ObservatoryTestResult { Test = "csp", Result = "csp-implemented", Pass = true }, new ObservatoryTestResult { Test = "hsts", Result = "hsts-implemented", Pass = true } },
        Findings = rules.Select(r => new Finding { RuleId = r, Target = "https://www.contoso.test/", HostName = "www.contoso.test", Timestamp = when }).ToArray(),
    };

    [Fact]
    public void Timestamps_and_list_order_of_a_rerun_are_no_change()
    {
        var first = Assessment(DateTimeOffset.UtcNow.AddDays(-1), "B", "ATR-HIJACK-001", "ATR-HIJACK-002");
        var second = Assessment(DateTimeOffset.UtcNow, "B", "ATR-HIJACK-002", "ATR-HIJACK-001");
        second.Tests = second.Tests.Reverse().ToArray();
        Assert.Empty(InventoryDiff.Compare(Items(first), Items(second), DateTimeOffset.UtcNow, onlyCurrentTypes: true));
    }

    [Fact]
    public void A_modified_assessment_names_each_property_with_before_and_after()
    {
        var before = Assessment(DateTimeOffset.UtcNow.AddDays(-1), "A", "ATR-HIJACK-001");
        var after = Assessment(DateTimeOffset.UtcNow, "D", "ATR-HIJACK-001", "ATR-HIJACK-009");
        var changes = InventoryDiff.Compare(Items(before), Items(after), DateTimeOffset.UtcNow, onlyCurrentTypes: true);
        Assert.All(changes, c => Assert.False(string.IsNullOrEmpty(c.Property)));
        Assert.Equal(new[] { "Findings", "Grade", "Score" }, changes.Select(c => c.Property!).Order());
        var grade = changes.Single(c => c.Property == "Grade");
        Assert.Equal(("A", "D"), (grade.Before, grade.After));
        Assert.Contains("ATR-HIJACK-009", changes.Single(c => c.Property == "Findings").After);
    }
}
