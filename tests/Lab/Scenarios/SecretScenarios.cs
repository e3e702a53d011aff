using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace ApiThreat.Lab.Scenarios;

/// <summary>
/// Ground truth for Find-ExposedSecret where the planted site must carry every credential type at once: a single-page
/// app whose inline script, HTML comment, bundles, source maps (one named by sourceMappingURL, one only beside its
/// script), error page, .env, config.js, .npmrc, .aws/credentials and OpenAPI examples hold fake secrets of all the
/// types (made at Lab start by <see cref="FakeSecrets"/>, new each run), and a clean twin: the same kind of app whose
/// bundle and map are full of look-alikes (hashes, UUIDs, base64 images, CSRF tokens, publishable keys, documentation
/// examples, placeholders) and which answers its index.html to every other path, .env included. Expect:
/// Secrets = "type|path|source" for each planted secret (path of the resource, or "path (source name)" for a map);
/// SecretValues = every planted value (no output may contain one); Seed = the seed that made them.
/// </summary>
[ScenarioSet]
public static class SecretScenarios
{
    public static IEnumerable<LabScenario> Scenarios(LabContext lab)
    {
        var seed = Random.Shared.Next();
        var fakes = FakeSecrets.All(seed).ToDictionary(f => f.Type);
        var site = new PlantedSite(fakes);
        yield return new LabScenario
        {
            Name = "secrets-planted",
            Area = "Secrets",
            Description = $"An SPA whose pages, bundles, source maps, error page and configuration files carry one fake secret of each of {fakes.Count} types.",
            Handler = site.Handle,
            Expect =
            {
                ["Secrets"] = site.Expected.ToArray(),
                ["SecretValues"] = fakes.Values.SelectMany(f => f.Secrets).ToArray(),
                ["Seed"] = new[] { seed.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            },
        };
        var clean = FakeSecrets.LookalikeBundle(seed);
        yield return new LabScenario
        {
            Name = "secrets-clean",
            Area = "Secrets",
            Description = "The safe twin: an SPA whose bundle and source map hold only look-alikes, answering index.html (200) to every other path.",
            Handler = ctx => (ctx.Request.Path.Value ?? "/") switch
            {
                "/static/js/app.91ce.js" => Script(ctx, clean + "//# sourceMappingURL=app.91ce.js.map\n"),
                "/static/js/app.91ce.js.map" => Json(ctx, SourceMap("app.91ce.js", ("src/app.ts", clean), ("node_modules/left-pad/index.js", "module.exports=function(s){return s}"))),
                _ => FoundationScenarios.Html(ctx, "<!doctype html><html><head><title>Acme</title><script defer src=\"/static/js/app.91ce.js\"></script>"
                    + "<meta name=\"csrf-token\" content=\"" + FakeSecrets.Pick(new Random(seed), "abcdef0123456789", 64) + "\"></head>"
                    + "<body><div id=\"root\"></div><!-- build 4.2.1 (commit " + FakeSecrets.Hex(new Random(seed + 1), 40) + ") --></body></html>"),
            },
            Expect = { ["Secrets"] = Array.Empty<string>() },
        };
    }

    /// <summary>Where each type is planted (resource and how it is written there); the rest go into the main bundle.</summary>
    private sealed class PlantedSite
    {
        private static readonly string[] s_inline = { "google-api-key" };
        private static readonly string[] s_comment = { "slack-webhook-url" };
        private static readonly string[] s_errorPage = { "sendgrid-api-key" };
        private static readonly string[] s_env = { "aws-secret-access-key", "env-secret", "database-connection-uri", "stripe-webhook-secret", "openai-api-key", "vault-token", "age-secret-key", "pulumi-token" };
        private static readonly string[] s_configJs = { "azure-sas-token", "url-credentials", "mailchimp-api-key" };
        private static readonly string[] s_sourceMap = { "private-key", "gcp-service-account", "putty-private-key", "github-fine-grained-pat", "generic-secret", "twilio-auth-token", "azure-ad-client-secret" };
        private static readonly string[] s_chunk = { "square-access-token", "mapbox-secret-token", "telegram-bot-token" };
        private static readonly string[] s_chunkMap = { "braintree-access-token", "discord-webhook-url" };
        private readonly Dictionary<string, FakeSecret> _fakes;
        private readonly string _page, _main, _mainMap, _chunk, _chunkMap, _env, _configJs, _npmrc, _aws, _openApi, _error;

        public PlantedSite(Dictionary<string, FakeSecret> fakes)
        {
            _fakes = fakes;
            var placed = new HashSet<string>(s_inline.Concat(s_comment).Concat(s_errorPage).Concat(s_env).Concat(s_configJs).Concat(s_sourceMap).Concat(s_chunk).Concat(s_chunkMap)
                .Append("aws-access-key-pair").Append("npmrc-auth-token").Append("jwt"));
            _page = "<!doctype html><html><head><title>Acme Portal</title>\n"
                + $"<script>window.__APP_CONFIG__ = {{}}; {fakes["google-api-key"].Js}</script>\n"
                + "<script defer src=\"/static/js/main.4f1c2a.js\"></script><script defer src=\"/static/js/chunk.77e1.js\"></script>\n"
                + "</head><body><div id=\"root\"></div>\n"
                + $"<!-- deploy note: alerts go to {fakes["slack-webhook-url"].Value} -->\n</body></html>\n";
            Expect("google-api-key", "/", "Page");
            Expect("slack-webhook-url", "/", "HtmlComment");
            // A minified bundle: everything on one line, the map named at the end.
            var main = new StringBuilder("/*! acme-portal 7.1.0 */\n!function(){\"use strict\";");
            foreach (var f in fakes.Values.Where(f => !placed.Contains(f.Type)).OrderBy(f => f.Type, StringComparer.Ordinal))
            {
                main.Append(f.Js).Append("var pad").Append(main.Length).Append("=function(e){return e.map(function(t){return t.id})};");
                Expect(f.Type, "/static/js/main.4f1c2a.js", "Script");
            }
            _main = main.Append("}();\n//# sourceMappingURL=main.4f1c2a.js.map\n").ToString();
            _mainMap = SourceMap("main.4f1c2a.js", ("webpack/bootstrap", "(()=>{})()"), ("src/config.ts", Lines(s_sourceMap, "src/config.ts", "/static/js/main.4f1c2a.js.map")),
                ("node_modules/react/index.js", "module.exports=require('./cjs/react.production.min.js');"));
            _chunk = "(self.webpackChunk=self.webpackChunk||[]).push([[77],{77:function(e,t,n){" + string.Concat(s_chunk.Select(t => fakes[t].Js)) + "}}]);\n";
            foreach (var t in s_chunk) Expect(t, "/static/js/chunk.77e1.js", "Script");
            _chunkMap = SourceMap("chunk.77e1.js", ("src/payments.ts", Lines(s_chunkMap, "src/payments.ts", "/static/js/chunk.77e1.js.map")));
            _env = "# production settings\nNODE_ENV=production\nPORT=8080\n" + string.Join("\n", s_env.Select(t => fakes[t].Env!)) + "\n";
            foreach (var t in s_env) Expect(t, "/.env", "WellKnownFile");
            _configJs = "window.env = {};\n" + string.Join("\n", s_configJs.Select(t => fakes[t].Js)) + "\n";
            foreach (var t in s_configJs) Expect(t, "/config.js", "WellKnownFile");
            _npmrc = "registry=https://npm.acme.example/\n" + fakes["npmrc-auth-token"].Env + "\nalways-auth=true\n";
            Expect("npmrc-auth-token", "/.npmrc", "WellKnownFile");
            var pair = fakes["aws-access-key-pair"];
            _aws = $"[default]\naws_access_key_id = {pair.Secrets[0]}\naws_secret_access_key = {pair.Secrets[1]}\nregion = eu-west-1\n";
            Expect("aws-access-key-pair", "/.aws/credentials", "WellKnownFile");
            _openApi = JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["openapi"] = "3.0.3",
                ["info"] = new { title = "Acme Portal API", version = "7.1" },
                ["paths"] = new Dictionary<string, object>
                {
                    ["/reports"] = new { get = new { parameters = new[] { new { name = "Authorization", @in = "header", example = "Bearer " + fakes["jwt"].Value } },
                        responses = new Dictionary<string, object> { ["200"] = new { description = "ok" } } } },
                },
            });
            Expect("jwt", "/openapi.json", "ApiDescription");
            _error = "<!doctype html><html><head><title>Page not found at /</title></head><body><h1>Page not found (404)</h1>"
                + "<p>You're seeing this error because you have DEBUG = True.</p><table><tr><th>Setting</th><th>Value</th></tr>"
                + $"<tr><td>EMAIL_BACKEND</td><td>'sendgrid_backend.SendgridBackend'</td></tr><tr><td>SENDGRID_API_KEY</td><td>'{fakes["sendgrid-api-key"].Value}'</td></tr></table></body></html>";
            Expect("sendgrid-api-key", "(error page)", "ErrorPage");
        }

        public List<string> Expected { get; } = new();

        private void Expect(string type, string path, string source) => Expected.Add($"{type}|{path}|{source}");

        /// <summary>An original source file: one secret a line, each under a comment, so lines and columns are real.</summary>
        private string Lines(string[] types, string name, string map)
        {
            var sb = new StringBuilder("// Generated configuration\nimport { env } from './env';\n\n");
            foreach (var t in types)
            {
                sb.Append("// ").Append(t).Append('\n').Append("export ").Append(_fakes[t].Js).Append('\n');
                Expect(t, $"{map} ({name})", "SourceMap");
            }
            return sb.ToString();
        }

        public Task Handle(HttpContext ctx) => (ctx.Request.Path.Value ?? "/") switch
        {
            "/" => FoundationScenarios.Html(ctx, _page),
            "/static/js/main.4f1c2a.js" => Script(ctx, _main),
            "/static/js/main.4f1c2a.js.map" => Json(ctx, _mainMap),
            "/static/js/chunk.77e1.js" => Script(ctx, _chunk),
            "/static/js/chunk.77e1.js.map" => Json(ctx, _chunkMap),
            "/.env" => Text(ctx, _env),
            "/config.js" => Script(ctx, _configJs),
            "/.npmrc" => Text(ctx, _npmrc),
            "/.aws/credentials" => Text(ctx, _aws),
            "/openapi.json" => Json(ctx, _openApi),
            _ => Error(ctx),
        };

        private Task Error(HttpContext ctx)
        {
            ctx.Response.StatusCode = 404;
            return FoundationScenarios.Html(ctx, _error);
        }
    }

    private static string SourceMap(string file, params (string Name, string Content)[] sources) =>
        JsonSerializer.Serialize(new { version = 3, file, sources = sources.Select(s => s.Name), sourcesContent = sources.Select(s => s.Content), mappings = "AAAA" });

    private static Task Script(HttpContext ctx, string code)
    {
        ctx.Response.ContentType = "application/javascript; charset=utf-8";
        return ctx.Response.WriteAsync(code);
    }

    private static Task Json(HttpContext ctx, string json)
    {
        ctx.Response.ContentType = "application/json";
        return ctx.Response.WriteAsync(json);
    }

    private static Task Text(HttpContext ctx, string text)
    {
        ctx.Response.ContentType = "text/plain; charset=utf-8";
        return ctx.Response.WriteAsync(text);
    }
}
