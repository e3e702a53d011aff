namespace ApiThreat.Engine.Assessment.Api;

/// <summary>Where an active canary goes: a description for the evidence, how to build the URL with a value, and the benign value.</summary>
public sealed record InjectionPoint(string Description, Func<string, Uri> Build, string BenignValue);

/// <summary>The injection points of an API: the query parameters of its URL and open reads, and the path parameters of open operations (at most six).</summary>
public static class InjectionPoints
{
    private const int Max = 6;

    public static List<InjectionPoint> Of(ApiProbe probe)
    {
        var points = new List<InjectionPoint>();
        var urls = new List<Uri> { probe.Request.Url };
        urls.AddRange(probe.OpenReads.Select(o => o.Url));
        foreach (var u in urls.DistinctBy(u => u.AbsoluteUri))
        {
            var query = u.Query.TrimStart('?');
            if (query.Length == 0) continue;
            var pairs = query.Split('&', StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i < pairs.Length && points.Count < Max; i++)
            {
                var eq = pairs[i].IndexOf('=');
                var name = eq < 0 ? pairs[i] : pairs[i][..eq];
                var value = eq < 0 ? "" : Uri.UnescapeDataString(pairs[i][(eq + 1)..]);
                var index = i;
                var baseUri = u;
                points.Add(new InjectionPoint($"query parameter '{Uri.UnescapeDataString(name)}' of {u.AbsolutePath}", v =>
                {
                    var copy = (string[])pairs.Clone();
                    copy[index] = name + "=" + Uri.EscapeDataString(v);
                    return new Uri(baseUri.GetLeftPart(UriPartial.Path) + "?" + string.Join("&", copy));
                }, value));
            }
        }
        // Path parameters of operations that answered without credentials.
        foreach (var op in probe.Request.Operations.Where(o => o.Method == "GET" && o.Path.Contains('{')))
        {
            if (points.Count >= Max) break;
            var filled = probe.OperationUri(op.Path);
            if (!probe.OpenReads.Any(o => o.Url.AbsoluteUri == filled.AbsoluteUri)) continue;
            var path = op.Path;
            points.Add(new InjectionPoint($"path parameter of {op.Method} {op.Path}", v => probe.OperationUri(path, Uri.EscapeDataString(v)), "1"));
        }
        return points;
    }

    /// <summary>A payload as evidence shows it: quoted and bounded.</summary>
    public static string Show(string payload) => "'" + Text.TextSafety.Truncate(payload, 80) + "'";
}
