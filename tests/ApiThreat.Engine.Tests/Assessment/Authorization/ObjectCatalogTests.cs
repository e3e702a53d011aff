using System.Text.Json;
using ApiThreat.Engine.Assessment.Authorization;

namespace ApiThreat.Engine.Tests.Assessment.Authorization;

public class ObjectCatalogTests
{
    private static Answer Ok(string identity, string template, string json)
    {
        using var doc = JsonDocument.Parse(json);
        return new Answer { StatusCode = 200, Objects = ObjectHarvester.Harvest(doc, identity, template, template) };
    }

    [Fact]
    public void Harvests_listed_objects_folds_embedded_owners_and_reads_paginated_results()
    {
        using var doc = JsonDocument.Parse("""{"count":2,"results":[{"id":3,"title":"a","owner":{"id":1,"username":"alice"},"tags":["x","y"]},{"id":4,"title":"b","owner":{"id":2,"username":"bob"}}]}""");
        var objects = ObjectHarvester.Harvest(doc, "alice", "/notes/", "/notes/");
        var notes = objects.Where(o => o.Get("title") is not null).ToList();
        Assert.Equal(2, notes.Count);
        Assert.Equal("3", notes[0].Get("id"));
        Assert.Equal("alice", notes[0].Get("owner.username"));
        Assert.Equal("x,y", notes[0].Get("tags"));
        Assert.DoesNotContain(objects, o => o.Get("username") == "alice"); // the embedded owner is not an object of /notes/
    }

    [Fact]
    public void Self_markers_come_from_the_root_or_a_data_wrapper()
    {
        using var vampi = JsonDocument.Parse("""{"data":{"admin":false,"email":"mail1@mail.com","username":"name1"},"status":"success"}""");
        Assert.Equal(new[] { "mail1@mail.com", "name1" }, ObjectHarvester.SelfMarkers(vampi).OrderBy(x => x).ToArray());
        using var drf = JsonDocument.Parse("""{"id":1,"username":"alice","email":"alice@example.test","is_staff":false}""");
        Assert.Equal(new[] { "1", "alice", "alice@example.test" }, ObjectHarvester.SelfMarkers(drf).OrderBy(x => x).ToArray());
    }

    [Fact]
    public void Owner_fields_that_name_one_identity_decide_ownership_and_two_names_decide_nothing()
    {
        var catalog = new ObjectCatalog(new[] { "alice", "bob" });
        catalog.AddMarkers("alice", new[] { "alice", "1" });
        catalog.AddMarkers("bob", new[] { "bob", "2" });
        catalog.Record("bob", "/books/v1", Ok("bob", "/books/v1", """{"Books":[{"book_title":"t1","user":"alice"},{"book_title":"t2","user":"bob"}]}"""));
        catalog.Record("bob", "/messages/", Ok("bob", "/messages/", """[{"id":9,"from":"x","user":"alice","recipient_id":"2","owner_id":"2"}]"""));
        var candidates = catalog.CandidatesFor("/books/v1/{book_title}", 2);
        Assert.Contains(candidates, c => c.Owner == "alice" && c.Value == "t1" && c.Path == "/books/v1/t1" && c.Basis == Ownership.OwnerField);
        Assert.Contains(candidates, c => c.Owner == "bob" && c.Value == "t2");
        Assert.Empty(catalog.CandidatesFor("/messages/{id}/", 2)); // user names alice, owner_id names bob
    }

    [Fact]
    public void An_object_only_one_identity_was_shown_is_its_own_when_the_others_read_the_same_listing()
    {
        var catalog = new ObjectCatalog(new[] { "alice", "bob" });
        catalog.Record("alice", "/api/orders", Ok("alice", "/api/orders", """[{"id":"9b2e","item":"keyboard"}]"""));
        catalog.Record("bob", "/api/orders", Ok("bob", "/api/orders", """[{"id":"77aa","item":"monitor"}]"""));
        var c = catalog.CandidatesFor("/api/orders/{orderId}", 2);
        Assert.Contains(c, x => x.Owner == "alice" && x.Path == "/api/orders/9b2e" && x.Basis == Ownership.Visibility);
        Assert.Contains(c, x => x.Owner == "bob" && x.Value == "77aa");

        // The same listing shown to both (and to anonymous): nobody's.
        var shared = new ObjectCatalog(new[] { "alice", "bob" });
        shared.Record("alice", "/posts", Ok("alice", "/posts", """[{"id":1,"text":"hi"}]"""));
        shared.Record("bob", "/posts", Ok("bob", "/posts", """[{"id":1,"text":"hi"}]"""));
        Assert.Empty(shared.CandidatesFor("/posts/{id}", 2));

        // bob could not read the listing at all: alice's objects are not private for that reason.
        var refused = new ObjectCatalog(new[] { "alice", "bob" });
        refused.Record("alice", "/files", Ok("alice", "/files", """[{"id":5}]"""));
        refused.Record("bob", "/files", new Answer { StatusCode = 403 });
        Assert.Empty(refused.CandidatesFor("/files/{id}", 2));
    }

    [Fact]
    public void Nested_paths_are_filled_from_the_concrete_listing_of_their_parent()
    {
        var catalog = new ObjectCatalog(new[] { "alice", "bob" });
        catalog.AddMarkers("alice", new[] { "alice" });
        catalog.Record("alice", "/users/{userId}/orders", new Answer
        {
            StatusCode = 200,
            Objects = new[] { new HarvestedObject { Identity = "alice", SourceTemplate = "/users/{userId}/orders", SourcePath = "/users/5/orders", Properties = new Dictionary<string, string> { ["id"] = "a b", ["owner"] = "alice" } } },
        });
        var c = Assert.Single(catalog.CandidatesFor("/users/{userId}/orders/{orderId}/", 2));
        Assert.Equal("/users/5/orders/a%20b/", c.Path);
    }

    [Fact]
    public void Path_templates_split_at_the_last_parameter()
    {
        var t = PathTemplate.Parse("/v1/files/{name}.json")!;
        Assert.Equal("/v1/files", t.Prefix);
        Assert.Equal("name", t.Parameter);
        Assert.Equal("/v1/files/a.b.json", t.Fill("/v1/files/", "a.b"));
        Assert.Null(PathTemplate.Parse("/a/{x}/b/{y}/c/{z}x/{w}") is { } p && p.Suffix.Contains('{') ? p : null);
        Assert.True(PathTemplate.SameTemplate("/a/{id}/b/", "/a/{other}/b"));
        Assert.True(PathTemplate.Matches("/notes/{id}/", "/notes/17/"));
        Assert.False(PathTemplate.Matches("/notes/{id}/", "/notes/17/comments"));
        Assert.Equal(new[] { "userId", "orderId" }, PathTemplate.ParametersOf("/users/{userId}/orders/{orderId}"));
    }
}
