using ApiThreat.Engine.Assessment.Api;
using ApiThreat.Engine.Assessment.Api.Checks;

namespace ApiThreat.Engine.Tests.Assessment.Api;

/// <summary>
/// ATR-EXPO-018's reading of a served configuration: counted, never quoted; values masked as &lt;secret&gt; (as
/// Prometheus 2.42 and Alertmanager 0.25 serve them: tests/Real/apps/realfw7-mon-*) are not credentials in clear.
/// </summary>
public class MonitoringConfigTests
{
    private const string Prometheus = """
        global:
          scrape_interval: 15s
        scrape_configs:
        - job_name: prometheus
          static_configs:
          - targets:
            - 127.0.0.1:9090
        - job_name: node
          basic_auth:
            username: scraper
            password: <secret>
          static_configs:
          - targets:
            - 127.0.0.1:9100
        """;

    private const string Alertmanager = """
        global:
          smtp_auth_username: alertmanager
          smtp_auth_password: <secret>
          slack_api_url: <secret>
        route:
          receiver: team-mails
        receivers:
        - name: team-mails
          email_configs:
          - to: team@example.org
        - name: team-pager
          webhook_configs:
          - url: http://127.0.0.1:5001/
        inhibit_rules:
        - equal: [alertname]
        """;

    [Fact]
    public void Masked_configurations_are_counted_and_hold_no_clear_credential()
    {
        Assert.Equal(("2 scrape job(s), 1 value(s) masked as <secret>", 0), MonitoringConfigCheck.Summarise(MonitoringProduct.Prometheus, Prometheus));
        Assert.Equal(("2 receiver(s), 2 value(s) masked as <secret>", 0), MonitoringConfigCheck.Summarise(MonitoringProduct.Alertmanager, Alertmanager));
    }

    [Theory]
    [InlineData("    password: hunter2-lab")]
    [InlineData("  smtp_auth_password: 'lab-smtp'")]
    [InlineData("    bearer_token: abc.def")]
    [InlineData("  - url: https://bot:lab-token@hooks.example.test/x")]
    public void A_credential_in_clear_is_counted_and_never_quoted(string line)
    {
        var (summary, clear) = MonitoringConfigCheck.Summarise(MonitoringProduct.Prometheus, Prometheus + "\n" + line + "\n");
        Assert.Equal(1, clear);
        Assert.EndsWith("1 credential value(s) in clear (withheld here)", summary);
        Assert.DoesNotContain("lab", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("abc", summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("    password:")]
    [InlineData("    password: ''")]
    [InlineData("    password_file: /etc/prometheus/pw")]
    [InlineData("    username: scraper")]
    [InlineData("  - url: https://user:xxxxx@remote.example.test/write")]
    public void Empty_masked_or_file_credentials_are_not_in_clear(string line)
    {
        Assert.Equal(0, MonitoringConfigCheck.Summarise(MonitoringProduct.Prometheus, Prometheus + "\n" + line + "\n").Clear);
    }

    [Theory]
    [InlineData("/api/v1/status/config", true)]
    [InlineData("/api/v1/targets", true)]
    [InlineData("/api/v2/silences", true)]
    [InlineData("/api/v1/users", false)]
    [InlineData("/metrics", false)]
    public void Documented_reads_are_left_to_the_monitoring_rules(string path, bool covered)
    {
        Assert.Equal(covered, MonitoringServer.Covers(path));
    }
}
