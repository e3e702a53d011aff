using ApiThreat.Engine.Net;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Exposure;

/// <summary>
/// Versions that data stores and notebook servers state in their own API rather than in a Server header: InfluxDB's
/// X-Influxdb-Version header, etcd's GET /version ({"etcdserver": ...}), the Jupyter server's GET /api ({"version": ...},
/// recognised by the Content-Security-Policy that reports to its /api/security/csp-report), ZooKeeper's AdminServer
/// /commands/stats ({"version": "3.8.0-..., built on ..."}).
/// </summary>
public static class ServerVersions
{
    /// <summary>"where: product version" items the response states.</summary>
    public static IEnumerable<(string Where, string Product)> Read(HttpProbeResult r)
    {
        if (r.Header("X-Influxdb-Version") is { } influx && HasDigit(influx))
            yield return ("X-Influxdb-Version", $"InfluxDB {Clean(influx)}");
        if (r.StatusCode != 200) yield break;
        var path = r.FinalUri.AbsolutePath;
        if (path == "/version" && ServerAnswer.StringMember(r, "etcdserver") is { } etcd && HasDigit(etcd))
            yield return ("GET /version", $"etcd {Clean(etcd)}");
        else if (path is "/commands/stats" or "/commands/stat" or "/commands/srvr" && ServerAnswer.StringMember(r, "version", 8192) is { } zk
                 && System.Text.RegularExpressions.Regex.Match(zk, @"^\d+\.\d+\.\d+", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromMilliseconds(50)) is { Success: true } zv)
            yield return ($"GET {path}", $"ZooKeeper {zv.Value}");
        else if (path.TrimEnd('/') == "/api" && ServerAnswer.IsJupyter(r) && ServerAnswer.StringMember(r, "version") is { } jupyter && HasDigit(jupyter))
            yield return ("GET /api", $"Jupyter notebook server {Clean(jupyter)}");
    }

    private static bool HasDigit(string s) => s.Any(char.IsAsciiDigit);

    private static string Clean(string s) => TextSafety.Truncate(TextSafety.StripControl(s.Trim()), 40);
}
