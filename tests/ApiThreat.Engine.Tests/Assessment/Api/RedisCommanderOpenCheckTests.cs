using System.Text;
using ApiThreat.Engine.Assessment.Api.Checks;
using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Tests.Assessment.Api;

/// <summary>
/// ATR-EXPO-040's reading of Redis Commander 0.9's GET /apiv2/server/info (tests/Real/apps/realfw9-node-rediscommander):
/// the version, client and key counts of each connection, never a key; and its page's title.
/// </summary>
public class RedisCommanderOpenCheckTests
{
    // Trimmed from what redis-commander 0.9.0 answered in front of redis-server 7.0.15 with three keys.
    private const string Info = """
        {"data":[{"label":"local","host":"localhost","port":6379,"db":0,"connectionId":"U:31d2:0","info":[
          {"key":"# server","value":""},{"key":"Redis version","value":"7.0.15"},{"key":"Redis mode","value":"standalone"},
          {"key":"# clients","value":""},{"key":"Connected clients","value":"1"},
          {"key":"# keyspace","value":""},{"key":"Db0","value":"keys=3,expires=0,avg_ttl=0"},{"key":"Db2","value":"keys=4,expires=1,avg_ttl=9"}]}]}
        """;

    private static HttpProbeResult Page(string body, int status = 200) => new()
    {
        RequestedUri = new Uri("http://127.0.0.1/"), FinalUri = new Uri("http://127.0.0.1/"), StatusCode = status,
        Body = Encoding.UTF8.GetBytes(body), Headers = new[] { new KeyValuePair<string, string>("Content-Type", "text/html; charset=utf-8") },
    };

    [Fact]
    public void Version_clients_and_key_counts_are_read()
    {
        var c = Assert.Single(RedisCommanderOpenCheck.Read(Encoding.UTF8.GetBytes(Info))!);
        Assert.Equal(new RedisCommanderOpenCheck.Connection("7.0.15", 1, 7, 2), c);
    }

    [Fact]
    public void Other_answers_are_not_its_info()
    {
        Assert.Null(RedisCommanderOpenCheck.Read(Encoding.UTF8.GetBytes("Unauthorized - Missing Token")));
        Assert.Null(RedisCommanderOpenCheck.Read(Encoding.UTF8.GetBytes("""{"ok":true,"connections":[]}""")));
        Assert.Null(RedisCommanderOpenCheck.Read(Encoding.UTF8.GetBytes("""{"data":[{"label":"local"}]}""")));
        Assert.Empty(RedisCommanderOpenCheck.Read(Encoding.UTF8.GetBytes("""{"data":[]}"""))!);
    }

    [Fact]
    public void Its_page_is_known_by_its_title()
    {
        Assert.True(RedisCommanderOpenCheck.IsPage(Page("<!DOCTYPE html><html><head><title>Redis Commander: Home</title>")));
        Assert.False(RedisCommanderOpenCheck.IsPage(Page("<!DOCTYPE html><html><head><title>Redis Commander: Home</title>", 401)));
        Assert.False(RedisCommanderOpenCheck.IsPage(Page("<html><head><title>Redis</title>")));
    }
}
