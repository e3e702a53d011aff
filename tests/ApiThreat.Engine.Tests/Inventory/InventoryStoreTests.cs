using ApiThreat.Engine.Inventory;
using ApiThreat.Engine.Net;
using Microsoft.Data.Sqlite;

namespace ApiThreat.Engine.Tests.Inventory;

public class InventoryStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("apithreat-inv-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    private string Db(string name = "inventory.db") => Path.Combine(_dir, name);

    internal static ApiEndpoint Endpoint(string url, params string[] auth) => new()
    {
        Url = url,
        HostName = new Uri(url).Host,
        Port = new Uri(url).Port,
        Kind = EndpointKind.Rest,
        Authentication = auth,
        Operations = new[] { new ApiOperation { Method = "GET", Path = "/items", Security = new[] { "bearer" } } },
        FirstSeen = DateTimeOffset.UtcNow,
    };

    [Fact]
    public void A_snapshot_round_trips_every_model_type()
    {
        using (var store = InventoryStore.Open(Db(), create: true))
        using (var w = store.BeginSnapshot("first"))
        {
            w.Add(Endpoint("https://api.contoso.test/v1", "Bearer"));
            w.Add(new DiscoveredHost { HostName = "api.contoso.test", Addresses = new[] { "203.0.113.5" } });
            w.Add(new CertificateInfo { HostName = "api.contoso.test", Port = 443, Issuer = "CN=CA", Sha256Fingerprint = "AB" });
            w.Add(new Finding { RuleId = "ATR-INV-001", Target = "https://api.contoso.test/v1", Severity = Severity.Low });
            var snapshot = w.Commit();
            Assert.Equal(4, snapshot.ItemCount);
            Assert.Equal(new[] { "ApiEndpoint=1", "CertificateInfo=1", "DiscoveredHost=1", "Finding=1" }, snapshot.ItemTypes);
        }
        using var reopened = InventoryStore.Open(Db(), create: false);
        var s = reopened.ResolveSnapshot(null);
        Assert.Equal("first", s.Label);
        var items = reopened.ReadItems(s.Id).ToList();
        var e = Assert.IsType<ApiEndpoint>(items.Single(i => i.ItemType == "ApiEndpoint").Value);
        Assert.Equal(new[] { "Bearer" }, e.Authentication);
        Assert.Equal("GET /items", e.Operations.Single().ToString());
        Assert.Equal("203.0.113.5", Assert.IsType<DiscoveredHost>(items.Single(i => i.ItemType == "DiscoveredHost").Value).Addresses.Single());
        Assert.Equal(Severity.Low, Assert.IsType<Finding>(items.Single(i => i.ItemType == "Finding").Value).Severity);
    }

    [Fact]
    public void A_failure_mid_save_leaves_the_previous_snapshot_intact()
    {
        using var store = InventoryStore.Open(Db(), create: true);
        using (var w = store.BeginSnapshot("good"))
        {
            w.Add(Endpoint("https://a.contoso.test/"));
            w.Commit();
        }
        using (var w = store.BeginSnapshot("broken"))
        {
            w.FailAfter = 3;
            w.Add(Endpoint("https://b.contoso.test/"));
            w.Add(Endpoint("https://c.contoso.test/"));
            Assert.Throws<IOException>(() => w.Add(Endpoint("https://d.contoso.test/")));
        }
        var snapshots = store.ListSnapshots();
        var only = Assert.Single(snapshots);
        Assert.Equal("good", only.Label);
        Assert.Equal(new[] { "https://a.contoso.test/" }, store.ReadItems(only.Id).Select(i => i.Key));
        // The store stays usable after the rollback.
        using (var w = store.BeginSnapshot("after"))
        {
            w.Add(Endpoint("https://e.contoso.test/"));
            Assert.Equal(2, w.Commit().Id);
        }
    }

    [Fact]
    public void First_seen_is_carried_over_from_the_previous_snapshot()
    {
        var early = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        using var store = InventoryStore.Open(Db(), create: true);
        using (var w = store.BeginSnapshot(null)) { var e = Endpoint("https://a.contoso.test/"); e.FirstSeen = early; w.Add(e); w.Commit(); }
        using (var w = store.BeginSnapshot(null)) { w.Add(Endpoint("https://a.contoso.test/")); w.Commit(); }
        var latest = store.ResolveSnapshot("latest");
        Assert.Equal(early, ((ApiEndpoint)store.ReadItems(latest.Id).Single().Value).FirstSeen);
    }

    [Fact]
    public void An_item_prepared_before_the_lock_is_stored_as_the_object_itself_and_keeps_the_earlier_first_seen()
    {
        var early = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        using var store = InventoryStore.Open(Db(), create: true);
        using (var w = store.BeginSnapshot(null)) { var e = Endpoint("https://a.contoso.test/"); e.FirstSeen = early; w.Add(PreparedItem.From(e)); w.Commit(); }
        var later = Endpoint("https://a.contoso.test/");
        var prepared = PreparedItem.From(later);
        using (var w = store.BeginSnapshot(null)) { w.Add(prepared); w.Commit(); }
        var stored = store.ReadItems(store.ResolveSnapshot("latest").Id).Single();
        Assert.Equal(early, ((ApiEndpoint)stored.Value).FirstSeen);
        // The prepared JSON is that of the object; the earlier FirstSeen goes only into the row written.
        var json = Newtonsoft.Json.Linq.JObject.FromObject(later, Newtonsoft.Json.JsonSerializer.Create(InventoryItem.JsonSettings));
        Assert.Equal(json.ToString(Newtonsoft.Json.Formatting.None, InventoryItem.JsonSettings.Converters.ToArray()), prepared.Json);
        Assert.Equal(later.FirstSeen, prepared.FirstSeen);
        Assert.Throws<ArgumentException>(() => PreparedItem.From("not an ApiThreat object"));
    }

    [Fact]
    public void Snapshots_resolve_by_id_name_and_date()
    {
        using var store = InventoryStore.Open(Db(), create: true);
        var t1 = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
        var t2 = new DateTimeOffset(2026, 3, 5, 10, 0, 0, TimeSpan.Zero);
        using (var w = store.BeginSnapshot("a", t1)) { w.Add(Endpoint("https://a.contoso.test/")); w.Commit(); }
        using (var w = store.BeginSnapshot("b", t2)) { w.Add(Endpoint("https://a.contoso.test/")); w.Commit(); }
        Assert.Equal("b", store.ResolveSnapshot(null).Label);
        Assert.Equal("a", store.ResolveSnapshot("previous").Label);
        Assert.Equal("a", store.ResolveSnapshot("1").Label);
        Assert.Equal("a", store.ResolveSnapshot("2026-03-04").Label);
        Assert.Equal("b", store.ResolveSnapshot("2026-03-05").Label);
        Assert.Equal("SnapshotNotFound", Assert.Throws<TargetException>(() => store.ResolveSnapshot("2026-02-01")).ErrorId);
        Assert.Equal("SnapshotNotFound", Assert.Throws<TargetException>(() => store.ResolveSnapshot("9")).ErrorId);
        Assert.Equal("InvalidSnapshot", Assert.Throws<TargetException>(() => store.ResolveSnapshot("yesterday-ish")).ErrorId);
    }

    [Fact]
    public void Files_that_are_not_inventories_are_refused_by_name()
    {
        var text = Db("notes.db");
        File.WriteAllText(text, "not a database at all, just some text that is long enough to have a header.............");
        Assert.Equal("InventoryOpenFailed", Assert.Throws<TargetException>(() => InventoryStore.Open(text, create: false)).ErrorId);
        var other = Db("other.db");
        using (var c = new SqliteConnection($"Data Source={other};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "CREATE TABLE t(x)";
            cmd.ExecuteNonQuery();
        }
        Assert.Equal("NotAnInventory", Assert.Throws<TargetException>(() => InventoryStore.Open(other, create: true)).ErrorId);
        Assert.Equal("InventoryNotFound", Assert.Throws<TargetException>(() => InventoryStore.Open(Db("missing.db"), create: false)).ErrorId);
    }

    [Fact]
    public void Non_model_objects_are_refused()
    {
        using var store = InventoryStore.Open(Db(), create: true);
        using var w = store.BeginSnapshot(null);
        Assert.Throws<ArgumentException>(() => w.Add("a string"));
        Assert.Throws<ArgumentException>(() => w.Add(new Uri("https://x.test/")));
    }

    [Fact]
    public void A_schema_1_file_is_migrated_and_workers_of_one_scan_id_share_a_snapshot()
    {
        var db = Db("old.db");
        using (var c = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = """
                CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE snapshots(id INTEGER PRIMARY KEY AUTOINCREMENT, taken TEXT NOT NULL, label TEXT, tool_version TEXT NOT NULL, item_count INTEGER NOT NULL);
                CREATE TABLE items(snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE, item_type TEXT NOT NULL, item_key TEXT NOT NULL,
                    host_name TEXT NOT NULL, first_seen TEXT, data TEXT NOT NULL, PRIMARY KEY (snapshot_id, item_type, item_key)) WITHOUT ROWID;
                INSERT INTO meta VALUES ('application', 'ApiThreat.Inventory'), ('schema', '1');
                INSERT INTO snapshots(taken, label, tool_version, item_count) VALUES ('2026-01-01T00:00:00.0000000+00:00', 'old', '0.0.1', 0);
                """;
            cmd.ExecuteNonQuery();
        }
        for (var worker = 0; worker < 2; worker++)
        {
            using var store = InventoryStore.Open(db, create: true);
            using var writer = store.BeginSnapshot("shared", "scan-42");
            writer.Add(Endpoint($"https://api{worker}.contoso.test/"));
            writer.Commit();
        }
        using var reopened = InventoryStore.Open(db, create: false);
        var snapshots = reopened.ListSnapshots();
        Assert.Equal(new[] { "old", "shared" }, snapshots.Select(s => s.Label));
        Assert.Equal(2, snapshots[1].ItemCount);
        Assert.Equal(new[] { "https://api0.contoso.test/", "https://api1.contoso.test/" }, reopened.ReadItems(snapshots[1].Id).Select(i => i.Key));
    }
}
