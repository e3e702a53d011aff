using System.Text;
using ApiThreat.Engine.Assessment.Api.Checks;
using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Tests.Assessment.Api;

/// <summary>
/// ATR-EXPO-031's reading, as Sails 1.5 answers (tests/Real/apps/realfw8-node-sails): which inventory paths may be
/// blueprint collections, Sails' header, and the find shortcut's list of records (counted) against findOne's refusal.
/// </summary>
public class SailsShortcutCheckTests
{
    [Fact]
    public void Collections_are_plain_get_paths_never_shortcuts_or_templates()
    {
        var ops = new[]
        {
            ("GET", "/user"), ("POST", "/user"), ("GET", "/user/find"), ("GET", "/user/{id}"), ("GET", "/api/v1/pet/"),
            ("GET", "/user/find/1"), ("DELETE", "/order"), ("GET", "/search?q=x"), ("GET", "/"),
        };
        Assert.Equal(new[] { "/user", "/api/v1/pet" }, SailsShortcutCheck.Collections(ops));
        Assert.Equal(8, SailsShortcutCheck.Collections(Enumerable.Range(0, 20).Select(i => ("GET", $"/m{i}"))).Count);
    }

    [Fact]
    public void Only_sails_own_header_marks_the_origin()
    {
        HttpProbeResult R(string? poweredBy) => new()
        {
            RequestedUri = new Uri("http://127.0.0.1/"), FinalUri = new Uri("http://127.0.0.1/"), StatusCode = 404,
            Headers = poweredBy is null ? Array.Empty<KeyValuePair<string, string>>() : new[] { new KeyValuePair<string, string>("X-Powered-By", poweredBy) },
        };
        Assert.True(SailsShortcutCheck.IsSails(R("Sails <sailsjs.com>")));
        Assert.False(SailsShortcutCheck.IsSails(R("Express")));
        Assert.False(SailsShortcutCheck.IsSails(R(null)));
        Assert.False(SailsShortcutCheck.IsSails(null));
    }

    [Fact]
    public void The_find_shortcut_answer_is_a_list_of_records_and_findOne_refusal_is_not()
    {
        var found = """[{"createdAt":1,"updatedAt":1,"id":1,"fullName":"Ada"},{"createdAt":1,"updatedAt":1,"id":2,"fullName":"Grace"}]""";
        Assert.Equal(2, SailsShortcutCheck.RecordCount(Encoding.UTF8.GetBytes(found)));
        Assert.Equal(0, SailsShortcutCheck.RecordCount(Encoding.UTF8.GetBytes("[]")));
        Assert.Null(SailsShortcutCheck.RecordCount(Encoding.UTF8.GetBytes("""{"code":"E_INVALID_CRITERIA","details":"Could not use the provided `where` clause."}""")));
        Assert.Null(SailsShortcutCheck.RecordCount(Encoding.UTF8.GetBytes("Not Found")));
        Assert.Null(SailsShortcutCheck.RecordCount(Encoding.UTF8.GetBytes("[1,2]")));
    }
}
