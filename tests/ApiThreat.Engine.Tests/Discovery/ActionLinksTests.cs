using ApiThreat.Engine.Discovery.Crawl;

namespace ApiThreat.Engine.Tests.Discovery;

/// <summary>The crawler never follows a GET link that acts (Supervisor's status page links stop, restart and clear).</summary>
public class ActionLinksTests
{
    [Theory]
    [InlineData("http://ops.test/index.html?action=stopall")]
    [InlineData("http://ops.test/index.html?action=restartall")]
    [InlineData("http://ops.test/index.html?processname=worker&action=restart")]
    [InlineData("http://ops.test/index.html?processname=queue&action=clearlog")]
    [InlineData("http://ops.test/console?cmd=shutdown")]
    [InlineData("http://ops.test/x?ACTION=Delete")]
    [InlineData("http://ops.test/x?do=reset-all")]
    public void Links_whose_query_names_an_action_are_not_followed(string url) => Assert.True(ActionLinks.Acts(new Uri(url)));

    [Theory]
    [InlineData("http://ops.test/index.html?action=refresh")]
    [InlineData("http://ops.test/tail.html?processname=queue")]
    [InlineData("http://ops.test/search?q=stop")]
    [InlineData("http://ops.test/stop-words.html")]
    [InlineData("http://ops.test/")]
    [InlineData("http://ops.test/x?action=%ZZ")]
    public void Other_links_are_followed(string url) => Assert.False(ActionLinks.Acts(new Uri(url)));
}
