using ApiThreat.Engine.Assessment.Api.Checks;

namespace ApiThreat.Engine.Tests.Assessment.Api;

/// <summary>ATR-EXPO-034's reading of nginx 1.22's stub_status page (tests/Real/apps/realfw9-web-phpfpm).</summary>
public class NginxStubStatusCheckTests
{
    [Fact]
    public void Active_connections_and_requests_are_read()
    {
        const string page = "Active connections: 1 \nserver accepts handled requests\n 6 6 68 \nReading: 0 Writing: 1 Waiting: 0 \n";
        Assert.Equal((1L, 68L), NginxStubStatusCheck.Read(page));
        Assert.Equal((3L, 9L), NginxStubStatusCheck.Read(page.Replace("\n", "\r\n").Replace(": 1 ", ": 3 ").Replace(" 68 ", " 9 ")));
    }

    [Fact]
    public void Other_pages_are_not_stub_status()
    {
        Assert.Null(NginxStubStatusCheck.Read("<html><head><title>403 Forbidden</title></head></html>"));
        Assert.Null(NginxStubStatusCheck.Read("Active connections: many"));
        Assert.Null(NginxStubStatusCheck.Read("<p>Active connections: 1 \nserver accepts handled requests\n 6 6 6 \nReading: 0 Writing: 1 Waiting: 0 \n</p>"));
    }
}
