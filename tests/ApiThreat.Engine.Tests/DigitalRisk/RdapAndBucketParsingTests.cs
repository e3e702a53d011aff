using ApiThreat.Engine.DigitalRisk.Buckets;
using ApiThreat.Engine.DigitalRisk.Lookalike;
using ApiThreat.Engine.Tests.Infrastructure;

namespace ApiThreat.Engine.Tests.DigitalRisk;

public class RdapAndBucketParsingTests
{
    [Fact]
    public void Reads_registration_expiry_and_registrar_from_an_rdap_domain()
    {
        const string json = """
            {"objectClassName":"domain","ldhName":"EXAMPLE.COM","events":[
              {"eventAction":"registration","eventDate":"1995-08-14T04:00:00Z"},
              {"eventAction":"expiration","eventDate":"2026-08-13T04:00:00Z"},
              {"eventAction":"last changed","eventDate":"2024-08-14T07:01:34Z"}],
             "entities":[{"objectClassName":"entity","roles":["registrar"],"handle":"376",
               "vcardArray":["vcard",[["version",{},"text","4.0"],["fn",{},"text","RESERVED-Internet Assigned Numbers Authority"]]]}]}
            """;
        var r = RdapClient.Parse(json, "https://rdap.example/domain/example.com");
        Assert.Equal(new DateTimeOffset(1995, 8, 14, 4, 0, 0, TimeSpan.Zero), r.Registered);
        Assert.Equal(2026, r.Expires!.Value.Year);
        Assert.Equal("RESERVED-Internet Assigned Numbers Authority", r.Registrar);
        Assert.Throws<InvalidDataException>(() => RdapClient.Parse("<html>", "x"));
    }

    [Fact]
    public void The_shipped_bootstrap_registry_knows_the_big_tlds()
    {
        var registry = RdapBootstrap.Load(Path.Combine(RepoPaths.Root, "module", "data", "digitalrisk", RdapBootstrap.FileName));
        Assert.True(registry.TldCount > 1000);
        Assert.Equal("https", registry.BaseFor("contoso.com")!.Scheme);
        Assert.Equal(registry.BaseFor("a.b.contoso.com"), registry.BaseFor("contoso.com"));
        Assert.Null(registry.BaseFor("contoso.invalid"));
        Assert.Throws<InvalidDataException>(() => RdapBootstrap.Parse("{\"services\":[[\"com\"]]}", "bad.json"));
        Assert.Throws<InvalidDataException>(() => RdapBootstrap.Parse("[]", "bad.json"));
    }

    [Fact]
    public void Reads_the_providers_listing_and_error_shapes()
    {
        var list = BucketResponse.Parse("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>b</Name>" +
            "<Contents><Key>a.txt</Key></Contents><Contents><Key>dir/b.csv</Key></Contents></ListBucketResult>");
        Assert.True(list.IsListing);
        Assert.Equal(new[] { "a.txt", "dir/b.csv" }, list.Keys);
        var azure = BucketResponse.Parse("<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults ContainerName=\"c\"><Blobs><Blob><Name>x.pdf</Name></Blob></Blobs></EnumerationResults>");
        Assert.True(azure.IsListing);
        Assert.Equal("x.pdf", Assert.Single(azure.Keys));
        var denied = BucketResponse.Parse("<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>");
        Assert.False(denied.IsListing);
        Assert.Equal("AccessDenied", denied.ErrorCode);
        Assert.True(BucketFinder.Exists(StorageProvider.S3, 403, denied));
        Assert.False(BucketFinder.Exists(StorageProvider.S3, 404, BucketResponse.Parse("<Error><Code>NoSuchBucket</Code></Error>")));
        Assert.True(BucketFinder.Exists(StorageProvider.S3, 301, BucketResponse.Parse("<Error><Code>PermanentRedirect</Code></Error>")));
        Assert.False(BucketFinder.Exists(StorageProvider.AzureBlob, 404, BucketResponse.Parse("<Error><Code>ResourceNotFound</Code></Error>")));
        Assert.True(BucketFinder.Exists(StorageProvider.AzureBlob, 409, BucketResponse.Parse("<Error><Code>PublicAccessNotPermitted</Code></Error>")));
        // Hostile XML: a DTD is refused, not expanded; HTML is neither a listing nor an error.
        Assert.DoesNotContain("boom", BucketResponse.Parse("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"boom\">]><ListBucketResult><Contents><Key>&e;</Key></Contents></ListBucketResult>").Keys);
        Assert.False(BucketResponse.Parse("<html><body>hi</body></html>").IsListing);
    }

    [Fact]
    public void Candidate_names_follow_each_providers_rules()
    {
        var providers = Enum.GetValues<StorageProvider>();
        var c = BucketCandidates.For("contoso.com", new[] { "backup" }, providers).ToList();
        var s3 = c.Where(x => x.Provider == StorageProvider.S3).Select(x => x.Bucket).ToList();
        Assert.Equal(new[] { "contoso", "contoso-backup", "contosobackup", "backup-contoso", "contoso.com", "contoso.com-backup", "contoso.combackup",
            "backup-contoso.com", "contoso-com", "contoso-com-backup", "contoso-combackup", "backup-contoso-com" }, s3);
        Assert.All(c.Where(x => x.Provider == StorageProvider.AzureBlob), x => Assert.Matches("^[a-z0-9]{3,24}$", x.Account!));
        Assert.Contains(c, x => x.Provider == StorageProvider.AzureBlob && x.Account == "contosobackup" && x.Bucket == "public");
        Assert.Equal(new[] { "contoso-bank", "contosobank" }, BucketCandidates.Bases("Contoso Bank"));
        Assert.Empty(BucketCandidates.For("a", Array.Empty<string>(), providers));
    }

    [Fact]
    public void Bucket_urls_are_virtual_host_or_path_style_as_the_sdks_make_them()
    {
        var e = new StorageEndpoints();
        Assert.Equal("https://contoso-logs.s3.amazonaws.com/", e.BucketUri(new BucketCandidate(StorageProvider.S3, "contoso-logs", null, "x")).AbsoluteUri);
        Assert.Equal("https://s3.amazonaws.com/contoso.com/", e.BucketUri(new BucketCandidate(StorageProvider.S3, "contoso.com", null, "x")).AbsoluteUri);
        Assert.Equal("https://storage.googleapis.com/contoso/", e.BucketUri(new BucketCandidate(StorageProvider.GoogleCloudStorage, "contoso", null, "x")).AbsoluteUri);
        Assert.Equal("https://contoso.blob.core.windows.net/public/", e.BucketUri(new BucketCandidate(StorageProvider.AzureBlob, "public", "contoso", "x")).AbsoluteUri);
        var local = new StorageEndpoints { S3 = new Uri("http://127.0.0.1:9000"), AzureBlob = new Uri("http://127.0.0.1:10000") };
        Assert.Equal("http://127.0.0.1:9000/contoso-logs/", local.BucketUri(new BucketCandidate(StorageProvider.S3, "contoso-logs", null, "x")).AbsoluteUri);
        Assert.Equal("http://127.0.0.1:10000/devstoreaccount1/public/", local.BucketUri(new BucketCandidate(StorageProvider.AzureBlob, "public", "devstoreaccount1", "x")).AbsoluteUri);
    }
}
