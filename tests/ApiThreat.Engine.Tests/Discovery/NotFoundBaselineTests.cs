using System.Text;
using ApiThreat.Engine.Discovery.Apis;

namespace ApiThreat.Engine.Tests.Discovery;

/// <summary>
/// The not-found baseline recognises answers that echo the asked path as often as the calibration's did: Webdis 0.1.9
/// answers every path 200 JSON naming the path twice, which had made /v1 and /v2 two API versions (a false ATR-INV-003).
/// </summary>
public class NotFoundBaselineTests
{
    private const string Calibration = "/apithreat-0123456789ab-not-found";

    // Webdis 0.1.9 before redis-server 7.0, as curl shows it (tests/Real/apps/realfw8-ops-webdis).
    private static string Webdis(string command, string args = "") =>
        $"{{\"{command}\":[false,\"ERR unknown command '{command}', with args beginning with: {args}\"]}}";

    private static NotFoundBaseline Baseline(int status, string type, string body) =>
        NotFoundBaseline.From(status, type, Encoding.UTF8.GetBytes(body), Calibration);

    [Theory]
    [InlineData("/v1", "v1", "")]
    [InlineData("/v2", "v2", "")]
    [InlineData("/api/v1", "api", "'v1' ")]
    [InlineData("/apithreat-another-much-longer-random-path-not-found-at-all", "apithreat-another-much-longer-random-path-not-found-at-all", "")]
    public void Webdis_answers_that_echo_the_path_twice_are_its_not_found_answer(string path, string command, string args)
    {
        var baseline = Baseline(200, "application/json", Webdis(Calibration.TrimStart('/')));
        Assert.Equal(2, baseline.Echoes);
        Assert.True(baseline.Matches(200, "application/json", Encoding.UTF8.GetByteCount(Webdis(command, args)), path));
    }

    [Fact]
    public void A_real_answer_of_another_length_or_status_is_not_the_baseline()
    {
        var baseline = Baseline(200, "application/json", Webdis(Calibration.TrimStart('/')));
        var list = "{\"users\":[" + string.Join(",", Enumerable.Range(1, 20).Select(i => $"{{\"id\":{i},\"name\":\"user {i}\"}}")) + "]}";
        Assert.False(baseline.Matches(200, "application/json", Encoding.UTF8.GetByteCount(list), "/users"));
        Assert.False(baseline.Matches(404, "application/json", Encoding.UTF8.GetByteCount(Webdis("v1")), "/v1"));
        Assert.False(baseline.Matches(200, "text/html", Encoding.UTF8.GetByteCount(Webdis("v1")), "/v1"));
    }

    [Fact]
    public void A_baseline_that_does_not_echo_keeps_the_one_path_tolerance()
    {
        var body = "{\"message\":\"Not found\"}";
        var baseline = Baseline(404, "application/json", body);
        Assert.Equal(0, baseline.Echoes);
        Assert.True(baseline.Matches(404, "application/json", body.Length, "/v1"));
        Assert.True(baseline.Matches(404, "application/json", body.Length + 40, "/v1"));
        Assert.False(baseline.Matches(404, "application/json", body.Length + 200, "/v1"));
    }
}
