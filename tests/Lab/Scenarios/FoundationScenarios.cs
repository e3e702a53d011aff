using ApiThreat.Lab.Dns;
using Microsoft.AspNetCore.Http;

namespace ApiThreat.Lab.Scenarios;

/// <summary>The network layer's own ground truth: scope guard, redirects, failures, cancellation.</summary>
[ScenarioSet]
public static class FoundationScenarios
{
    public static IEnumerable<LabScenario> Scenarios(LabContext lab)
    {
        yield return new LabScenario
        {
            Name = "plain",
            Area = "Foundation",
            Description = "A plain text page answering 200 on HTTP and HTTPS.",
            Expect = { ["StatusCode"] = new[] { "200" } },
        };
        yield return new LabScenario
        {
            Name = "titled",
            Area = "Foundation",
            Description = "An HTML page with a title.",
            Handler = ctx => Html(ctx, "<html><head><title>Lab  Title &amp; More</title></head><body>hi</body></html>"),
            Expect = { ["Title"] = new[] { "Lab Title & More" } },
        };
        yield return new LabScenario
        {
            Name = "redirect-in-scope",
            Area = "Foundation",
            Description = "Redirects to another Lab host (in scope when -Scope names the Lab zone).",
            Handler = ctx => Redirect(ctx, $"{ctx.Request.Scheme}://plain.{lab.Zone}:{ctx.Request.Host.Port}/"),
        };
        yield return new LabScenario
        {
            Name = "redirect-out-of-scope",
            Area = "Foundation",
            Description = "Redirects to a host of somebody else's zone: must not be followed.",
            Handler = ctx => Redirect(ctx, $"http://evil.{LabHost.OutsideZone}:{lab.HttpPort}/steal"),
        };
        yield return new LabScenario
        {
            Name = "redirect-to-loopback",
            Area = "Foundation",
            Description = "Redirects to a literal 127.0.0.1 URL: out of scope, must not be followed.",
            Handler = ctx => Redirect(ctx, $"http://127.0.0.1:{lab.HttpPort}/"),
        };
        yield return new LabScenario
        {
            Name = "redirect-to-metadata",
            Area = "Foundation",
            Description = "Redirects to the cloud metadata address: never followed.",
            Handler = ctx => Redirect(ctx, "http://169.254.169.254/latest/meta-data/"),
        };
        yield return new LabScenario
        {
            Name = "redirect-to-file",
            Area = "Foundation",
            Description = "Redirects to a file: URL: never followed.",
            Handler = ctx => Redirect(ctx, "file:///etc/passwd"),
        };
        yield return new LabScenario
        {
            Name = "redirect-loop",
            Area = "Foundation",
            Description = "Redirects to itself forever.",
            Handler = ctx => Redirect(ctx, $"{ctx.Request.Scheme}://{ctx.Request.Host}/"),
        };
        yield return new LabScenario
        {
            Name = "cname-to-loopback",
            Area = "Foundation",
            Description = "A CNAME to a name in another zone that resolves to 127.0.0.1.",
            Records = new[] { LabRecord.Cname($"cname-to-loopback.{lab.Zone}", $"loopback.{LabHost.OutsideZone}") },
            ExtraRecords = new[] { LabRecord.A($"loopback.{LabHost.OutsideZone}", "127.0.0.1") },
        };
        yield return new LabScenario
        {
            Name = "cname-to-metadata",
            Area = "Foundation",
            Description = "A CNAME whose target resolves to 169.254.169.254.",
            Records = new[] { LabRecord.Cname($"cname-to-metadata.{lab.Zone}", $"metadata.{LabHost.OutsideZone}") },
            ExtraRecords = new[] { LabRecord.A($"metadata.{LabHost.OutsideZone}", "169.254.169.254") },
        };
        yield return new LabScenario
        {
            Name = "big-txt",
            Area = "Foundation",
            Description = "A 4 KB TXT record: too big for UDP, so resolvers must retry over TCP.",
            ExtraRecords = new[] { LabRecord.Txt($"big-txt.{lab.Zone}", new string('x', 4000)) },
        };
        yield return new LabScenario
        {
            Name = "slow",
            Area = "Foundation",
            Description = "Answers after 30 seconds: for timeouts and Ctrl+C.",
            Handler = async ctx =>
            {
                try { await Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted); } catch (OperationCanceledException) { return; }
                await ctx.Response.WriteAsync("late");
            },
        };
        yield return new LabScenario
        {
            Name = "evil",
            Host = $"evil.{LabHost.OutsideZone}",
            Area = "Foundation",
            Description = "Somebody else's host: any request here is a scope violation.",
        };
    }

    internal static Task Html(HttpContext ctx, string html)
    {
        ctx.Response.ContentType = "text/html; charset=utf-8";
        return ctx.Response.WriteAsync(html);
    }

    internal static Task Redirect(HttpContext ctx, string location)
    {
        ctx.Response.StatusCode = 302;
        ctx.Response.Headers.Location = location;
        return Task.CompletedTask;
    }
}
