using ApiThreat.Engine.Assessment.Api.Checks;
using ApiThreat.Engine.Assessment.Exposure;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Tests.Assessment.Api;

/// <summary>
/// ATR-EXPO-036's reading of the login pages of Debian's Adminer 4.8.1 and phpMyAdmin 5.2.1
/// (tests/Real/apps/realfw9-web-apache): product and version; and the rules of AdminPageRules.
/// </summary>
public class DatabaseAdminCheckTests
{
    private const string Adminer = """
        <!DOCTYPE html>
        <html lang="en" dir="ltr">
        <title>Login - Adminer</title>
        <link rel="stylesheet" type="text/css" href="?file=default.css&amp;version=4.8.1">
        <script src='?file=functions.js&amp;version=4.8.1' nonce="x"></script>
        """;

    private const string PhpMyAdmin = """
        <!doctype html>
        <html lang="en" dir="ltr">
        <head>
          <title>phpMyAdmin</title>
          <link rel="stylesheet" type="text/css" href="./themes/pmahomme/css/theme.css?v=5.2.1deb1%2Bdeb12u1">
        <script>CommonParams.setAll({logged_in:false,is_https:false,rootPath:"/phpmyadmin/",arg_separator:"&",version:"5.2.1deb1+deb12u1",auth_type:"cookie"});</script>
        <form method="post" id="login_form" action="index.php?route=/" name="login_form" class="disableAjax hide js-show">
        <input type="text" name="pma_username" id="input_username" value="" size="24" class="textfield" autocomplete="username">
        """;

    [Fact]
    public void Product_and_version_are_read_from_the_login_page()
    {
        Assert.Equal(("Adminer", "4.8.1"), DatabaseAdminCheck.LoginPage(Adminer));
        Assert.Equal(("phpMyAdmin", "5.2.1deb1+deb12u1"), DatabaseAdminCheck.LoginPage(PhpMyAdmin));
        Assert.Equal(("Adminer", "of unknown version"), DatabaseAdminCheck.LoginPage("<title>Login - Adminer</title>"));
    }

    [Fact]
    public void Other_pages_are_not_database_admin_uis()
    {
        Assert.Null(DatabaseAdminCheck.LoginPage("<title>403 Forbidden</title>"));
        Assert.Null(DatabaseAdminCheck.LoginPage("<title>phpMyAdmin</title><p>Moved to the intranet.</p>"));
        Assert.Null(DatabaseAdminCheck.LoginPage("<title>Shop</title><p>We use Adminer internally.</p>"));
    }

    [Fact]
    public void Admin_page_rules_are_complete_and_in_their_range()
    {
        var rules = typeof(AdminPageRules).GetFields().Where(f => f.FieldType == typeof(ThreatRule)).Select(f => (ThreatRule)f.GetValue(null)!).ToList();
        Assert.Equal(new[] { "ATR-EXPO-033", "ATR-EXPO-034", "ATR-EXPO-035", "ATR-EXPO-036" }, rules.Select(r => r.Id).Order());
        Assert.All(rules, r =>
        {
            Assert.Same(r, RuleCatalog.Get(r.Id));
            Assert.False(string.IsNullOrWhiteSpace(r.Rationale));
            Assert.False(string.IsNullOrWhiteSpace(r.Remediation));
            Assert.All(r.References, u => Assert.StartsWith("https://", u));
        });
        Assert.Equal(Severity.Medium, AdminPageRules.PhpFpmStatus.Severity);
        Assert.Equal(Severity.Low, AdminPageRules.NginxStubStatus.Severity);
        Assert.Equal(Severity.Medium, AdminPageRules.ApacheServerInfo.Severity);
        Assert.Equal(Severity.Medium, AdminPageRules.DatabaseAdmin.Severity);
    }
}
