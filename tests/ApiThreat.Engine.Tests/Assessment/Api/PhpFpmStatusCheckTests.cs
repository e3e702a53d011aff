using ApiThreat.Engine.Assessment.Api.Checks;

namespace ApiThreat.Engine.Tests.Assessment.Api;

/// <summary>
/// ATR-EXPO-033's reading of PHP-FPM 8.2's /status?json&amp;full (tests/Real/apps/realfw9-web-phpfpm): the pool, its
/// process manager, the workers and how many list a request; never the request itself.
/// </summary>
public class PhpFpmStatusCheckTests
{
    // What PHP-FPM 8.2.36 answered behind nginx, its two workers' last requests shortened.
    private const string Full = """
        {"pool":"www","process manager":"static","start time":1796647145,"start since":18,"accepted conn":4,"listen queue":0,"max listen queue":0,"listen queue len":0,"idle processes":1,"active processes":1,"total processes":2,"max active processes":1,"max children reached":0,"slow requests":0, "processes":[{"pid":29814,"state":"Idle","start time":1796647145,"start since":18,"requests":2,"request duration":424,"request method":"GET","request uri":"/index.php?session=made-up","content length":0,"user":"-","script":"-","last request cpu":0.00,"last request memory":2097152},{"pid":29815,"state":"Running","start time":1796647145,"start since":18,"requests":2,"request duration":120,"request method":"GET","request uri":"/status?json&full","content length":0,"user":"-","script":"-","last request cpu":0.00,"last request memory":0}]}
        """;

    [Fact]
    public void Pool_manager_and_counts_are_read()
    {
        Assert.Equal(("www", "static", 2, 2), PhpFpmStatusCheck.Read(Full));
        var plain = Full[..Full.IndexOf(", \"processes\"", StringComparison.Ordinal)] + "}";
        Assert.Equal(("www", "static", 2, 0), PhpFpmStatusCheck.Read(plain));
    }

    [Fact]
    public void Other_status_answers_are_not_php_fpm()
    {
        Assert.Null(PhpFpmStatusCheck.Read("""{"status":"ok","pool":"db"}"""));
        Assert.Null(PhpFpmStatusCheck.Read("pool:                 www\nprocess manager:      static\naccepted conn:        2\n"));
        Assert.Null(PhpFpmStatusCheck.Read("<html><h1>403 Forbidden</h1></html>"));
        Assert.Null(PhpFpmStatusCheck.Read(""));
    }

    [Fact]
    public void A_hostile_pool_name_is_cut_and_stripped()
    {
        var hostile = """{"pool":"w\u001b[2Jww""" + new string('x', 50) + "\"," + Full[(Full.IndexOf("\"process manager\"", StringComparison.Ordinal))..];
        var status = PhpFpmStatusCheck.Read(hostile.Replace("\\u001b", "\u001b"))!.Value;
        Assert.DoesNotContain('\u001b', status.Pool);
        Assert.True(status.Pool.Length <= 41);
    }
}
