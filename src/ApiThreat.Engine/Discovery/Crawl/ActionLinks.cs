using System.Text.RegularExpressions;

namespace ApiThreat.Engine.Discovery.Crawl;

/// <summary>
/// Links that act when followed: web consoles that put a control action in a GET link's query, as Supervisor's status
/// page does (index.html?action=stopall, ?processname=worker&amp;action=restart; https://supervisord.org/introduction.html#supervisor-components).
/// The crawler never follows them: discovery reads, it does not stop a process or clear a log.
/// </summary>
public static class ActionLinks
{
    private static readonly Regex s_actionParameter = new(@"^(action|cmd|command|do|op|operation|task|mode)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50));

    private static readonly Regex s_actionValue = new(
        @"^(start|stop|restart|kill|shutdown|reboot|reload|signal|delete|remove|clear|clearlog|clearall|reset|purge|drop|wipe|flush|disable|enable|logout|signout)(all)?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50));

    /// <summary>True when a query parameter of <paramref name="url"/> names a state-changing action (action=stop, cmd=restartall).</summary>
    public static bool Acts(Uri url)
    {
        var query = url.Query;
        if (query.Length <= 1) return false;
        try
        {
            foreach (var pair in query[1..].Split('&', StringSplitOptions.RemoveEmptyEntries).Take(50))
            {
                var eq = pair.IndexOf('=');
                if (eq <= 0) continue;
                var name = Uri.UnescapeDataString(pair[..eq]);
                var value = Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' ')).Trim();
                if (s_actionParameter.IsMatch(name) && s_actionValue.IsMatch(value.Replace("_", "").Replace("-", ""))) return true;
            }
        }
        catch (RegexMatchTimeoutException) { return true; }
        return false;
    }
}
