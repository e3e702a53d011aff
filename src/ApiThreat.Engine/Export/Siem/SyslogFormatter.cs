using System.Globalization;
using System.Text;

namespace ApiThreat.Engine.Export.Siem;

/// <summary>
/// RFC 5424 messages: &lt;PRI&gt;1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID - MSG, and RFC 6587 octet-counting framing
/// for TCP and TLS (RFC 5425), which lets a message contain anything without a receiver mis-splitting it.
/// </summary>
public sealed class SyslogFormatter
{
    private readonly string _hostName;
    private readonly string _appName;
    private readonly string _procId;

    public SyslogFormatter(SyslogFacility facility, string? hostName = null, string appName = "ApiThreat")
    {
        Facility = facility;
        _hostName = HeaderField(hostName ?? Environment.MachineName, 255);
        _appName = HeaderField(appName, 48);
        _procId = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
    }

    public SyslogFacility Facility { get; }

    /// <summary>Syslog severity: Critical → 2 (crit), High → 3 (err), Medium → 4 (warning), Low → 5 (notice), Info → 6.</summary>
    public static int SyslogSeverity(Severity s) => s switch
    {
        Severity.Critical => 2, Severity.High => 3, Severity.Medium => 4, Severity.Low => 5, _ => 6,
    };

    public string Format(SiemEvent e, string message)
    {
        var pri = (int)Facility * 8 + SyslogSeverity(e.Severity);
        var time = e.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        return $"<{pri}>1 {time} {_hostName} {_appName} {_procId} {HeaderField(e.Kind, 32)} - {message}";
    }

    /// <summary>"LEN SP MSG" (RFC 6587 §3.4.1), LEN in octets of the UTF-8 message.</summary>
    public static byte[] OctetCounted(string message)
    {
        var body = Encoding.UTF8.GetBytes(message);
        var prefix = Encoding.ASCII.GetBytes(body.Length.ToString(CultureInfo.InvariantCulture) + " ");
        var framed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(framed, 0);
        body.CopyTo(framed, prefix.Length);
        return framed;
    }

    /// <summary>Header fields are PRINTUSASCII (33-126) without spaces; "-" when empty.</summary>
    private static string HeaderField(string value, int max)
    {
        var sb = new StringBuilder();
        foreach (var c in value) if (c is > ' ' and <= '~') sb.Append(c);
        var s = sb.ToString();
        if (s.Length > max) s = s[..max];
        return s.Length == 0 ? "-" : s;
    }
}
