using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace ApiThreat.Lab.Scenarios;

/// <summary>
/// The authorization benchmark's API (tests/bench/Authorization.bench.ps1): resources /r{n}/items, each a listing of
/// the caller's own items and an item read, for as many n as the benchmark asks (2 operations each), plus /api/me.
/// Bearer tokens lab-authz-alice, lab-authz-bob and lab-authz-admin; admin may read every item. The planted flaw: the
/// item read of every resource whose n is a multiple of 50 skips the owner check, so alice and bob read each other's
/// items there (ATR-AUTHZ-001, both pairs); every other resource answers 404 to another user. No real framework is
/// needed to count requests and time: real frameworks carry the correctness tests (tests/Real/apps/authz-*).
/// </summary>
[ScenarioSet]
public static class AuthorizationScenarios
{
    public static readonly string[] Users = { "alice", "bob", "admin" };
    private static readonly Regex s_path = new(@"^/r(\d{1,4})/items(?:/([^/]+))?/?$", RegexOptions.CultureInvariant);

    public static IEnumerable<LabScenario> Scenarios(LabContext lab)
    {
        yield return new LabScenario
        {
            Name = "authz-bench",
            Area = "Authorization",
            Description = "Items per user under /r{n}/items; the item read of every 50th resource skips the owner check (BOLA between alice and bob).",
            Handler = Handle,
            ExpectedFindings = new[] { "ATR-AUTHZ-001" },
            Expect = { ["Tokens"] = Users.Select(u => "lab-authz-" + u).ToArray(), ["FlawEvery"] = new[] { "50" } },
        };
    }

    private static Task Handle(HttpContext ctx)
    {
        var auth = ctx.Request.Headers.Authorization.ToString();
        var user = Users.FirstOrDefault(u => auth == "Bearer lab-authz-" + u);
        var path = ctx.Request.Path.Value ?? "/";
        if (user is null) return ApiSecurityScenarios.Json(ctx, 401, "{\"error\":\"authentication required\"}");
        if (ctx.Request.Method != "GET") return ApiSecurityScenarios.Json(ctx, 405, "{\"error\":\"method not allowed\"}");
        if (path == "/api/me") return ApiSecurityScenarios.Json(ctx, 200, JsonSerializer.Serialize(new { id = Array.IndexOf(Users, user) + 1, username = user }));
        var m = s_path.Match(path);
        if (!m.Success) return ApiSecurityScenarios.Json(ctx, 404, "{\"error\":\"not found\"}");
        var n = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        if (!m.Groups[2].Success)
        {
            var own = user == "admin" ? Array.Empty<object>() : new object[] { Item(n, user, 1), Item(n, user, 2) };
            return ApiSecurityScenarios.Json(ctx, 200, JsonSerializer.Serialize(own));
        }
        var id = m.Groups[2].Value.Split('-');
        if (id.Length != 3 || id[0] != m.Groups[1].Value || !Users.Contains(id[1]) || id[2] is not ("1" or "2"))
            return ApiSecurityScenarios.Json(ctx, 404, "{\"error\":\"not found\"}");
        var allowed = id[1] == user || user == "admin" || n % 50 == 0;
        return allowed ? ApiSecurityScenarios.Json(ctx, 200, JsonSerializer.Serialize(Item(n, id[1], int.Parse(id[2], System.Globalization.CultureInfo.InvariantCulture))))
            : ApiSecurityScenarios.Json(ctx, 404, "{\"error\":\"not found\"}");
    }

    private static object Item(int n, string owner, int k) =>
        new { id = $"{n}-{owner}-{k}", owner, title = $"item {k} of {owner} in r{n}", amount = n * 10 + k };
}
