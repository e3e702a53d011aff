using ApiThreat.Engine.Assessment.Api.Checks;

namespace ApiThreat.Engine.Tests.Assessment.Api;

/// <summary>ATR-EXPO-035's reading of Apache 2.4's mod_info page (tests/Real/apps/realfw9-web-apache): the modules it describes.</summary>
public class ApacheServerInfoCheckTests
{
    // The head of what Debian's Apache 2.4.71 answered at /server-info.
    private const string Page = """
        <html xmlns="http://www.w3.org/1999/xhtml">
        <head>
          <title>Server Information</title>
        </head>
        <body><h1 style="text-align: center">Apache Server Information</h1>
        <h2><a name="modules">Loaded Modules</a></h2><dl><dt><tt><a href="#core.c">core.c</a>, <a href="#event.c">event.c</a>, <a href="#mod_alias.c">mod_alias.c</a>, <a href="#mod_info.c">mod_info.c</a></tt></dt></dl>
        <dl><dt><a name="mod_alias.c"><strong>Module Name:</strong></a> <font size="+1"><tt><a href="?mod_alias.c">mod_alias.c</a></tt></font></dt>
        """;

    [Fact]
    public void Modules_are_counted_once()
    {
        Assert.Equal(4, ApacheServerInfoCheck.Modules(Page));
        Assert.Equal(0, ApacheServerInfoCheck.Modules("<h1>Apache Server Information</h1>"));
    }

    [Fact]
    public void Other_pages_are_not_server_info()
    {
        Assert.Null(ApacheServerInfoCheck.Modules("<title>403 Forbidden</title><h1>Forbidden</h1>"));
        Assert.Null(ApacheServerInfoCheck.Modules("<p>See the Apache Server Information page</p>"));
    }
}
