using System.Text;
using AngleSharp.Html.Parser;

namespace ApiThreat.Engine.Discovery.Apis;

/// <summary>
/// The route table Rails prints in development (GET /rails/info/routes, and the routing-error page of an unknown path
/// asked for as HTML: https://guides.rubyonrails.org/routing.html#listing-existing-routes). Each row is a
/// <c>tr.route_row</c> whose cells hold the verb (<c>GET</c>, <c>GET|POST</c> for <c>match</c>) and the path in
/// <c>data-route-path</c> (<c>/books/:id(.:format)</c>). The table is the application's own list of its routes, so
/// each becomes an operation without a request: optional groups such as <c>(.:format)</c> are dropped, <c>:id</c>
/// becomes <c>{id}</c>, and Rails' own routes (/rails/...) and globs are left out.
/// </summary>
public static class RailsRoutes
{
    private const int MaxRoutes = 400;
    private static readonly HtmlParser s_parser = new(new HtmlParserOptions { IsScripting = false });
    private static readonly HashSet<string> s_methods = new(StringComparer.Ordinal) { "GET", "POST", "PUT", "PATCH", "DELETE" };

    /// <summary>The (method, path) pairs of the table; empty when the page holds none.</summary>
    public static IReadOnlyList<(string Method, string Path)> Operations(string html)
    {
        var operations = new List<(string, string)>();
        if (!html.Contains("route_row", StringComparison.Ordinal)) return operations;
        using var document = s_parser.ParseDocument(html);
        foreach (var row in document.QuerySelectorAll("tr.route_row").Take(MaxRoutes))
        {
            var cells = row.QuerySelectorAll("td");
            var pathCell = cells.FirstOrDefault(c => c.HasAttribute("data-route-path"));
            if (pathCell is null || cells.Length < 3) continue;
            if (Template(pathCell.GetAttribute("data-route-path") ?? "") is not { } path) continue;
            foreach (var verb in cells[1].TextContent.Trim().Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                if (s_methods.Contains(verb) && !operations.Contains((verb, path))) operations.Add((verb, path));
        }
        return operations;
    }

    /// <summary>A Rails route path as a template (<c>/books/:id(.:format)</c> → <c>/books/{id}</c>); null for Rails' own routes, globs and odd syntax.</summary>
    public static string? Template(string route)
    {
        if (route.Length is 0 or > 300 || route[0] != '/') return null;
        var sb = new StringBuilder(route.Length);
        var depth = 0;
        for (var i = 0; i < route.Length; i++)
        {
            var c = route[i];
            if (c == '(') { depth++; continue; }
            if (c == ')') { if (--depth < 0) return null; continue; }
            if (depth > 0) continue;
            if (c == '*') return null;
            if (c == ':' && (i == 0 || route[i - 1] == '/'))
            {
                var j = i + 1;
                while (j < route.Length && (char.IsLetterOrDigit(route[j]) || route[j] == '_')) j++;
                if (j == i + 1) return null;
                sb.Append('{').Append(route, i + 1, j - i - 1).Append('}');
                i = j - 1;
                continue;
            }
            if (char.IsControl(c) || c is '<' or '>' or '"' or '\'' or ' ') return null;
            sb.Append(c);
        }
        if (depth != 0) return null;
        var path = sb.Length > 1 ? sb.ToString().TrimEnd('/') : sb.ToString();
        if (path.Length == 0) path = "/";
        return path.StartsWith("/rails/", StringComparison.Ordinal) || path == "/rails" ? null : path;
    }
}
