using System.Net;
using ApiThreat.Engine.Ip;
using ApiThreat.Engine.Tests.Infrastructure;
using ApiThreat.Lab.Dns;

namespace ApiThreat.Engine.Tests.Ip;

public sealed class CloudRangeTableTests
{
    private static string RepoFile(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ApiThreat.psd1"))) dir = dir.Parent;
        return Path.Combine(new[] { dir!.FullName }.Concat(parts).ToArray());
    }

    public static string BundledPath => RepoFile("module", "data", "ip-ranges", CloudRangeTable.FileName);

    [Theory]
    [InlineData("13.32.10.20", "AWS", "CLOUDFRONT", "GLOBAL")]
    [InlineData("52.217.1.1", "AWS", "S3", "us-east-1")]
    [InlineData("3.81.0.1", "AWS", "EC2", "us-east-1")]
    [InlineData("2600:9000:1234::1", "AWS", "CLOUDFRONT", "GLOBAL")]
    [InlineData("40.71.1.1", "Azure", "AzureCloud", "eastus")]
    [InlineData("35.184.1.1", "Google Cloud", "Google Cloud", "us-central1")] // /16 regional beats the /13 provider-wide prefix
    [InlineData("35.186.1.1", "Google Cloud", "Google Cloud", null)]
    [InlineData("104.16.132.229", "Cloudflare", "CDN", null)]
    [InlineData("2606:4700::6810:84e5", "Cloudflare", "CDN", null)]
    [InlineData("151.101.1.69", "Fastly", "CDN", null)]
    [InlineData("23.45.67.89", "Akamai", "CDN", null)]
    public void Bundled_ranges_find_provider_service_and_region(string address, string provider, string? service, string? region)
    {
        var table = CloudRangeTable.Load(BundledPath);
        var hit = table.Lookup(IPAddress.Parse(address));
        Assert.NotNull(hit);
        Assert.Equal((provider, service, region), (hit!.Provider, hit.Service, hit.Region));
    }

    [Fact]
    public void Bundled_file_dates_every_provider_and_misses_are_null()
    {
        var table = CloudRangeTable.Load(BundledPath);
        Assert.Equal(new[] { "Akamai", "AWS", "Azure", "Cloudflare", "Fastly", "Google Cloud" }.OrderBy(x => x), table.Sources.Select(s => s.Provider).OrderBy(x => x));
        Assert.All(table.Sources, s => Assert.True(s.PrefixCount > 0 && s.Date.Year >= 2024));
        Assert.Null(table.Lookup(IPAddress.Parse("192.0.2.1")));
        Assert.Null(table.Lookup(IPAddress.Parse("2001:db8::1")));
    }

    [Fact]
    public void Longest_prefix_wins_and_specific_services_beat_generic_ones()
    {
        var table = new CloudRangeTable(new[]
        {
            new CloudRange(global::ApiThreat.Engine.Net.IpNetworks.Parse("10.0.0.0/8"), "P", "AMAZON", "r1"),
            new CloudRange(global::ApiThreat.Engine.Net.IpNetworks.Parse("10.1.0.0/16"), "P", "AMAZON", "r2"),
            new CloudRange(global::ApiThreat.Engine.Net.IpNetworks.Parse("10.1.0.0/16"), "P", "EC2", "r2"),
            new CloudRange(global::ApiThreat.Engine.Net.IpNetworks.Parse("10.1.2.3/32"), "P", "S3", "r3"),
            new CloudRange(global::ApiThreat.Engine.Net.IpNetworks.Parse("0.0.0.0/0"), "Default", null, null),
        }, Array.Empty<CloudRangeSourceInfo>());
        Assert.Equal("r1", table.Lookup(IPAddress.Parse("10.200.0.1"))!.Region);
        Assert.Equal("EC2", table.Lookup(IPAddress.Parse("10.1.9.9"))!.Service);
        Assert.Equal("S3", table.Lookup(IPAddress.Parse("10.1.2.3"))!.Service);
        Assert.Equal("Default", table.Lookup(IPAddress.Parse("8.8.8.8"))!.Provider);
        Assert.Equal("r1", table.Lookup(IPAddress.Parse("::ffff:10.9.9.9"))!.Region);
    }

    [Fact]
    public void Lookups_are_fast_on_a_large_table()
    {
        var random = new Random(3);
        var ranges = Enumerable.Range(0, 200_000).Select(_ => new CloudRange(
            global::ApiThreat.Engine.Net.IpNetworks.Create(new IPAddress(BitConverter.GetBytes(random.Next())), random.Next(8, 29)), "P", "S", "R")).ToList();
        var table = new CloudRangeTable(ranges, Array.Empty<CloudRangeSourceInfo>());
        var sw = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 100_000; i++) table.Lookup(new IPAddress(BitConverter.GetBytes(random.Next())));
        Assert.InRange(sw.Elapsed.TotalSeconds, 0, 30); // generous: ~1 µs each in practice
    }

    [Fact]
    public void Bad_data_lines_name_the_file_and_line()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "#@source\tX\t2024-01-01\td\n10.0.0.0/8\tX\t-\t-\nnot-a-prefix\tX\n");
            var ex = Assert.Throws<FormatException>(() => CloudRangeTable.Load(path));
            Assert.Contains(":3:", ex.Message);
            File.WriteAllText(path, "#@source\tX\tyesterday\n");
            Assert.Throws<FormatException>(() => CloudRangeTable.Load(path));
        }
        finally { File.Delete(path); }
    }
}

public sealed class CloudRangeImporterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("apithreat-ranges-").FullName;

    private string Fixture(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    // Small files in the providers' real published shapes.
    private const string Aws = """
        {
          "syncToken": "1732040000",
          "createDate": "2024-11-19-18-13-07",
          "prefixes": [
            { "ip_prefix": "3.5.140.0/22", "region": "ap-northeast-2", "service": "AMAZON", "network_border_group": "ap-northeast-2" },
            { "ip_prefix": "3.5.140.0/22", "region": "ap-northeast-2", "service": "S3", "network_border_group": "ap-northeast-2" },
            { "ip_prefix": "13.32.0.0/15", "region": "GLOBAL", "service": "CLOUDFRONT", "network_border_group": "GLOBAL" }
          ],
          "ipv6_prefixes": [
            { "ipv6_prefix": "2600:9000::/28", "region": "GLOBAL", "service": "CLOUDFRONT", "network_border_group": "GLOBAL" }
          ]
        }
        """;

    private const string Azure = """
        {
          "changeNumber": 312,
          "cloud": "Public",
          "values": [
            { "name": "AzureCloud.eastus", "id": "AzureCloud.eastus",
              "properties": { "changeNumber": 90, "region": "eastus", "regionId": 32, "platform": "Azure", "systemService": "",
                              "addressPrefixes": [ "13.68.128.0/17", "2603:1030:210::/47" ], "networkFeatures": [ "API", "NSG" ] } },
            { "name": "Storage.WestEurope", "id": "Storage.WestEurope",
              "properties": { "changeNumber": 40, "region": "westeurope", "regionId": 18, "platform": "Azure", "systemService": "AzureStorage",
                              "addressPrefixes": [ "20.38.108.0/23" ], "networkFeatures": [ "API" ] } }
          ]
        }
        """;

    private const string Google = """
        {
          "syncToken": "1732060800000",
          "creationTime": "2024-11-19T16:00:00.123456",
          "prefixes": [
            { "ipv4Prefix": "34.1.208.0/20", "service": "Google Cloud", "scope": "africa-south1" },
            { "ipv6Prefix": "2600:1900:8000::/44", "service": "Google Cloud", "scope": "africa-south1" }
          ]
        }
        """;

    private const string Fastly = """{"addresses":["23.235.32.0/20","151.101.0.0/16"],"ipv6_addresses":["2a04:4e40::/32"]}""";

    [Fact]
    public void Reads_AWS_ip_ranges_json()
    {
        var r = CloudRangeImporter.Import(Fixture("ip-ranges.json", Aws));
        Assert.Equal("AWS", r.Provider);
        Assert.Equal(new DateOnly(2024, 11, 19), r.Date);
        Assert.Equal(4, r.Ranges.Count);
        Assert.Contains(r.Ranges, x => x.Network.ToString() == "2600:9000::/28" && x.Service == "CLOUDFRONT" && x.Region == "GLOBAL");
        Assert.Contains("1732040000", r.Description);
    }

    [Fact]
    public void Reads_Azure_service_tags_with_the_date_from_the_file_name()
    {
        var r = CloudRangeImporter.Import(Fixture("ServiceTags_Public_20241118.json", Azure));
        Assert.Equal(("Azure", new DateOnly(2024, 11, 18)), (r.Provider, r.Date));
        Assert.Contains(r.Ranges, x => x.Network.ToString() == "13.68.128.0/17" && x.Service == "AzureCloud" && x.Region == "eastus");
        Assert.Contains(r.Ranges, x => x.Network.ToString() == "20.38.108.0/23" && x.Service == "AzureStorage" && x.Region == "westeurope");
        Assert.Equal(3, r.Ranges.Count);
    }

    [Fact]
    public void Reads_Google_cloud_json()
    {
        var r = CloudRangeImporter.Import(Fixture("cloud.json", Google));
        Assert.Equal(("Google Cloud", new DateOnly(2024, 11, 19)), (r.Provider, r.Date));
        Assert.Equal(new[] { "34.1.208.0/20", "2600:1900:8000::/44" }, r.Ranges.Select(x => x.Network.ToString()));
        Assert.All(r.Ranges, x => Assert.Equal("africa-south1", x.Region));
    }

    [Fact]
    public void Reads_Cloudflare_text_lists_and_Fastly_json()
    {
        var v4 = CloudRangeImporter.Import(Fixture("ips-v4", "173.245.48.0/20\n103.21.244.0/22\n"));
        var v6 = CloudRangeImporter.Import(Fixture("ips-v6", "2400:cb00::/32\r\n2606:4700::/32\r\n"));
        Assert.Equal(("Cloudflare", 2, 2), (v4.Provider, v4.Ranges.Count, v6.Ranges.Count));
        var fastly = CloudRangeImporter.Import(Fixture("public-ip-list.json", Fastly));
        Assert.Equal(("Fastly", 3), (fastly.Provider, fastly.Ranges.Count));
        var akamai = CloudRangeImporter.Import(Fixture("edge.txt", "# ours\n23.32.0.0/11\n"), provider: "Akamai");
        Assert.Equal("Akamai", akamai.Provider);
    }

    [Theory]
    [InlineData("x.json", "{ \"hello\": 1 }", "not a range file")]
    [InlineData("y.json", "{ \"prefixes\": [ { \"ip_prefix\": \"300.1.1.0/24\" } ] }", "not a CIDR")]
    [InlineData("z.json", "{ broken", "not valid JSON")]
    [InlineData("list.txt", "10.0.0.0/8\n", "-Provider")]
    [InlineData("ips-v4", "10.0.0.0/8\nhello\n", ":2:")]
    [InlineData("ips-v6", "\n# nothing\n", "no prefixes")]
    public void Unknown_or_broken_files_are_refused_with_a_reason(string name, string content, string expected)
    {
        var ex = Assert.Throws<InvalidDataException>(() => CloudRangeImporter.Import(Fixture(name, content)));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Merge_replaces_imported_providers_and_keeps_the_others_then_round_trips()
    {
        var (existing, sources) = CloudRangeTable.Read(CloudRangeTableTests.BundledPath);
        var imports = new[]
        {
            CloudRangeImporter.Import(Fixture("ip-ranges.json", Aws)),
            CloudRangeImporter.Import(Fixture("ips-v4", "173.245.48.0/20\n")),
            CloudRangeImporter.Import(Fixture("ips-v6", "2400:cb00::/32\n")),
        };
        var (ranges, merged) = CloudRangeImporter.Merge(existing, sources, imports);
        Assert.Equal(4, ranges.Count(r => r.Provider == "AWS"));
        Assert.Equal(2, ranges.Count(r => r.Provider == "Cloudflare"));
        Assert.Equal(existing.Count(r => r.Provider == "Fastly"), ranges.Count(r => r.Provider == "Fastly"));
        Assert.Equal(new DateOnly(2024, 11, 19), merged.Single(s => s.Provider == "AWS").Date);
        var path = Path.Combine(_dir, "out", CloudRangeTable.FileName);
        CloudRangeTable.Write(path, ranges, merged);
        var table = CloudRangeTable.Load(path);
        Assert.Equal(ranges.Count, table.Count);
        Assert.Equal("S3", table.Lookup(IPAddress.Parse("3.5.141.1"))!.Service);
        Assert.Null(table.Lookup(IPAddress.Parse("104.16.0.1"))); // the old Cloudflare list was replaced
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}

public sealed class AsnDatabaseTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"apithreat-{Guid.NewGuid():n}.mmdb");

    public AsnDatabaseTests()
    {
        MmdbWriter.Write(_path, new (string, Dictionary<string, object>)[]
        {
            ("203.0.113.0/24", new() { ["autonomous_system_number"] = 64500u, ["autonomous_system_organization"] = "Example Transit", ["country"] = new Dictionary<string, object> { ["iso_code"] = "NL" } }),
            ("198.51.100.0/25", new() { ["asn"] = "AS64501", ["as_name"] = "Docs Net\u0007", ["country_code"] = "DE" }),
        });
    }

    [Fact]
    public void Reads_asn_organisation_and_country_from_a_real_mmdb_file()
    {
        using var db = AsnDatabase.Open(_path);
        Assert.Equal("GeoLite2-ASN", db.DatabaseType);
        Assert.Equal(new AsnRecord(64500, "Example Transit", "NL"), db.Lookup(IPAddress.Parse("203.0.113.77")));
        Assert.Equal(new AsnRecord(64501, "Docs Net", "DE"), db.Lookup(IPAddress.Parse("198.51.100.5"))); // control character stripped
        Assert.Null(db.Lookup(IPAddress.Parse("198.51.100.200")));
        Assert.Null(db.Lookup(IPAddress.Parse("2001:db8::1"))); // IPv6 in an IPv4 database
    }

    [Fact]
    public void A_file_that_is_not_an_mmdb_is_refused_clearly()
    {
        var bad = _path + ".bad";
        File.WriteAllText(bad, "this is not a MaxMind database");
        try
        {
            var ex = Assert.Throws<InvalidDataException>(() => AsnDatabase.Open(bad));
            Assert.Contains("not a MaxMind DB", ex.Message);
            Assert.Throws<FileNotFoundException>(() => AsnDatabase.Open(bad + ".missing"));
        }
        finally { File.Delete(bad); }
    }

    public void Dispose() => File.Delete(_path);
}

[Collection(LabCollection.Name)]
public sealed class IpInspectorLabTests
{
    private readonly LabFixture _lab;

    public IpInspectorLabTests(LabFixture lab) => _lab = lab;

    private async Task<IpIntelligence> InspectAsync(string address, string[]? names = null, int threshold = 5)
    {
        using var network = _lab.Network();
        return await IpInspector.InspectAsync(network, new IpRequest { Address = IPAddress.Parse(address), HostNames = names ?? Array.Empty<string>(), SharedHostingThreshold = threshold },
            CloudRangeTable.Load(CloudRangeTableTests.BundledPath), null, null, CancellationToken.None);
    }

    [Fact]
    public async Task Forward_confirmed_reverse_DNS()
    {
        var info = await InspectAsync(IpZones.ConfirmedAddress);
        Assert.Equal($"confirmed.{IpZones.Zone}", info.ReverseName);
        Assert.True(info.ForwardConfirmed);
        Assert.Equal("Loopback", info.Classification);
        Assert.True(info.IsPrivate);
        Assert.Empty(info.Findings); // typed addresses are not "published": no ATR-IP-001
    }

    [Fact]
    public async Task Reverse_DNS_that_does_not_come_back_is_reported()
    {
        var info = await InspectAsync(IpZones.UnconfirmedAddress);
        Assert.Equal($"elsewhere.{IpZones.Zone}", info.ReverseName);
        Assert.False(info.ForwardConfirmed);
        Assert.Equal(new[] { "ATR-IP-004" }, info.Findings.Select(f => f.RuleId));
    }

    [Fact]
    public async Task Shared_hosting_and_private_address_from_discovered_names()
    {
        var info = await InspectAsync(IpZones.SharedAddress, IpZones.SharedNames);
        Assert.True(info.SharedHosting);
        Assert.Equal(IpZones.SharedNames.OrderBy(x => x), info.HostNames);
        Assert.Null(info.ReverseName);
        Assert.Equal(new[] { "ATR-IP-001", "ATR-IP-003" }, info.Findings.Select(f => f.RuleId).OrderBy(x => x));
        var fewer = await InspectAsync(IpZones.SharedAddress, IpZones.SharedNames.Take(2).ToArray());
        Assert.False(fewer.SharedHosting);
    }

    [Fact]
    public async Task Cloud_addresses_are_classified_without_contacting_them()
    {
        var info = await InspectAsync("13.32.10.20");
        Assert.Equal(("Public", "AWS", "CLOUDFRONT", "GLOBAL", "13.32.0.0/15"), (info.Classification, info.CloudProvider, info.CloudService, info.CloudRegion, info.CloudRange));
        var metadata = await InspectAsync("169.254.169.254", new[] { "meta.example.test" });
        Assert.Equal("Metadata", metadata.Classification);
        var finding = Assert.Single(metadata.Findings);
        Assert.Equal(("ATR-IP-002", Severity.High), (finding.RuleId, finding.Severity));
    }
}
