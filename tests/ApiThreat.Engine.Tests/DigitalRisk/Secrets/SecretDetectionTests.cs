using System.Text;
using ApiThreat.Engine.DigitalRisk.Secrets;
using ApiThreat.Engine.Rules;
using ApiThreat.Lab.Scenarios;

namespace ApiThreat.Engine.Tests.DigitalRisk.Secrets;

/// <summary>
/// Every detector of module/data/secrets/detectors.json against a fake of its type (made by the Lab's generator from
/// the documented format, independently of the engine): found with the right type, location and masked value, nothing
/// else; and look-alikes that must give nothing.
/// </summary>
public class SecretDetectionTests
{
    private const int Seed = 20231;
    private static readonly SecretCatalog Catalog = SecretCatalog.Bundled;
    private static readonly IReadOnlyDictionary<string, FakeSecret> Fakes = FakeSecrets.All(Seed).ToDictionary(f => f.Type);

    public static TheoryData<string> Types()
    {
        var data = new TheoryData<string>();
        foreach (var t in Catalog.AllTypes) data.Add(t);
        return data;
    }

    private static List<ExposedSecret> Scan(string text, SecretSource source = SecretSource.Script)
    {
        var harvester = new SecretHarvester(new SecretScanner(Catalog));
        return harvester.ScanText(text, new SecretResource("https://app.example.test/main.js", source, "app.example.test"), CancellationToken.None)
            .Select(f => f.Finish()).ToList();
    }

    [Fact]
    public void The_catalogue_has_at_least_40_types_each_with_a_rule_a_documented_source_and_a_fake()
    {
        Assert.True(Catalog.AllTypes.Count() >= 40, $"only {Catalog.AllTypes.Count()} types");
        // LoadBundled builds every pattern for the linear-time engine now: the check the lazy Bundled catalogue relies on.
        foreach (var d in SecretCatalog.LoadBundled().Detectors)
        {
            Assert.True(d.IsCompiled, d.Id);
            Assert.StartsWith("ATR-SECRET-", d.Rule.Id);
            Assert.StartsWith("https://", d.Source);
            Assert.NotEmpty(d.Keywords);
            Assert.True(d.Pattern.Options.HasFlag(System.Text.RegularExpressions.RegexOptions.NonBacktracking), d.Id);
        }
        Assert.Equal(Catalog.AllTypes.Order(), Fakes.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void A_fake_of_each_type_is_found_with_its_type_location_and_masked_value(string type)
    {
        var fake = Fakes[type];
        // Code before it on the same line and lines before it: the column and line must still be exact.
        var text = type == "env-secret" ? "# header\n\n" + fake.Env + "\nPORT=80\n" : "// header\n\nfunction a(){return 1}; " + fake.Js + "\nfunction b(){}\n";
        var found = Scan(text, type == "env-secret" ? SecretSource.WellKnownFile : SecretSource.Script);
        var secret = Assert.Single(found);
        Assert.Equal(type, secret.Type);
        Assert.Equal(SecretMask.Hash(fake.Value), secret.ValueHash);
        Assert.EndsWith("#" + secret.ValueHash, secret.MaskedValue);
        // A key file is located where its JSON object starts; every other secret where its value starts.
        var at = type == "gcp-service-account" ? text.IndexOf("{\"type\"", StringComparison.Ordinal) : text.IndexOf(fake.Value, StringComparison.Ordinal);
        var line = text[..at].Count(c => c == '\n') + 1;
        var column = at - text.LastIndexOf('\n', at - 1);
        Assert.Equal((line, column), (secret.Line, secret.Column));
        var finding = Assert.Single(secret.Findings);
        Assert.Equal(secret.RuleId, finding.RuleId);
        foreach (var value in fake.Secrets) AssertNoValue(secret, value);
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void The_env_form_is_found_too(string type)
    {
        var fake = Fakes[type];
        if (fake.Env is null) return;
        var text = "# settings\nNODE_ENV=production\n" + fake.Env + "\nPORT=8080\n";
        var found = Scan(text, SecretSource.WellKnownFile);
        var secret = Assert.Single(found);
        Assert.Equal(type, secret.Type);
        Assert.Equal(SecretMask.Hash(fake.Value), secret.ValueHash);
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Two_of_a_type_on_consecutive_lines_after_other_lines_are_both_found(string type)
    {
        // A defect of the NonBacktracking engine loses all but the last of several matches when a pattern starts with
        // two optional parts and text precedes them: every detector is checked with lines before and a second match after.
        var other = FakeSecrets.All(Seed + 1).First(f => f.Type == type);
        var first = Fakes[type];
        var env = type == "env-secret";
        var text = env ? $"P=8\nQ=q\n{first.Env}\n{other.Env}\n" : $"P=8\nQ=q x {first.Js}\n{other.Js}\n";
        var found = Scan(text, env ? SecretSource.WellKnownFile : SecretSource.Script);
        Assert.Equal(new[] { SecretMask.Hash(first.Value), SecretMask.Hash(other.Value) }, found.Select(f => f.ValueHash));
        Assert.All(found, f => Assert.Equal(type, f.Type));
    }

    [Fact]
    public void Env_assignments_count_only_at_the_start_of_a_line_after_blanks_or_export()
    {
        var value = Fakes["env-secret"].Value;
        Assert.Single(Scan($"  export SMTP_PASSWORD={value}\n", SecretSource.WellKnownFile));
        Assert.Single(Scan($"\texport\tSMTP_PASSWORD={value}\n", SecretSource.WellKnownFile));
        Assert.Empty(Scan($"echo SMTP_PASSWORD={value}\n", SecretSource.WellKnownFile));
        Assert.Empty(Scan($"reexport SMTP_PASSWORD={value}\n", SecretSource.WellKnownFile));
    }

    [Fact]
    public void Look_alikes_give_nothing()
    {
        var found = Scan(FakeSecrets.LookalikeBundle(Seed, repeat: 50));
        Assert.True(found.Count == 0, string.Join("; ", found.Select(f => $"{f.Type} {f.Detail} at {f.Line}:{f.Column}")));
    }

    [Fact]
    public void Masking_shows_at_most_four_characters_and_never_a_quarter_of_a_short_value()
    {
        Assert.Equal("ghp_…#", SecretMask.Mask(Fakes["github-pat"].Value)[..6]);
        Assert.StartsWith("ab…#", SecretMask.Mask("abcdefgh"));
        Assert.StartsWith("…#", SecretMask.Mask("abc"));
        Assert.Equal(12, SecretMask.Hash("x").Length);
    }

    [Fact]
    public void A_pem_key_whose_base64_lines_begin_or_end_with_a_plus_is_found_bare_and_as_string_concatenation()
    {
        var der = new byte[1190];
        new Random(11).NextBytes(der);
        der[0] = 0x30; der[1] = 0x82;
        var b64 = Convert.ToBase64String(der).ToCharArray();
        b64[63] = '+'; b64[64] = '+'; b64[127] = '+'; // line 1 ends, line 2 begins and ends with '+'
        var text = new string(b64);
        var lines = Enumerable.Range(0, (text.Length + 63) / 64).Select(i => text.Substring(i * 64, Math.Min(64, text.Length - i * 64))).ToList();
        var bare = $"const signingKey = `-----BEGIN RSA PRIVATE KEY-----\n{string.Join("\n", lines)}\n-----END RSA PRIVATE KEY-----`;";
        Assert.Equal("private-key", Assert.Single(Scan(bare)).Type);
        var concatenated = "const signingKey = \"-----BEGIN RSA PRIVATE KEY-----\\n\" +\n" + string.Join("\n", lines.Select(l => $"  \"{l}\\n\" +"))
            + "\n  \"-----END RSA PRIVATE KEY-----\";";
        Assert.Equal("private-key", Assert.Single(Scan(concatenated)).Type);
    }

    [Fact]
    public void A_github_token_whose_checksum_fails_is_not_reported()
    {
        var good = Fakes["github-pat"].Value;
        var bad = good[..^1] + (good[^1] == 'A' ? 'B' : 'A');
        Assert.Empty(Scan($"const t = \"{bad}\";"));
        Assert.Single(Scan($"const t = \"{good}\";"));
    }

    [Fact]
    public void Format_checks_lower_the_severity_of_expired_encrypted_and_public_values()
    {
        var r = new Random(7);
        var expired = FakeSecrets.Jwt(r, "{\"sub\":\"x\",\"exp\":1500000000}");
        var jwt = Assert.Single(Scan($"var t = \"{expired}\";"));
        Assert.Equal(Severity.Low, jwt.Severity);
        Assert.Contains("expired 2017-07-14", jwt.Detail);
        var anon = FakeSecrets.Jwt(r, "{\"role\":\"anon\",\"iss\":\"supabase\"}");
        Assert.Equal(Severity.Low, Assert.Single(Scan($"var t = \"{anon}\";")).Severity);
        var service = FakeSecrets.Jwt(r, "{\"role\":\"service_role\",\"iss\":\"supabase\"}");
        Assert.Equal(Severity.High, Assert.Single(Scan($"var t = \"{service}\";")).Severity);
        var encrypted = FakeSecrets.Pem(r, "ENCRYPTED PRIVATE KEY", "\n");
        var key = Assert.Single(Scan(encrypted));
        Assert.Equal(Severity.Medium, key.Severity);
        Assert.Contains("encrypted", key.Detail);
        var sas = Fakes["azure-sas-token"].Js.Replace("se=2031", "se=2021");
        Assert.Equal(Severity.Low, Assert.Single(Scan(sas)).Severity);
    }

    [Fact]
    public void An_aws_key_id_and_its_secret_close_together_are_one_pair_and_far_apart_two_findings()
    {
        var pair = Fakes["aws-access-key-pair"];
        var together = Assert.Single(Scan(pair.Js));
        Assert.Equal("aws-access-key-pair", together.Type);
        Assert.Equal(Severity.Critical, together.Severity);
        Assert.Contains("aws secret access key at line 1", together.PairedWith);
        var apart = Scan($"const id = \"{pair.Secrets[0]}\";\n{new string(' ', 5000)}\nconst awsSecretAccessKey = \"{pair.Secrets[1]}\";");
        Assert.Equal(new[] { "aws-access-key-id", "aws-secret-access-key" }, apart.Select(s => s.Type));
        Assert.Equal(SecretConfidence.EntropyOnly, apart[1].Confidence);
        Assert.Equal(Confidence.Tentative, apart[1].Findings[0].Confidence);
    }

    [Fact]
    public void A_secret_in_an_html_comment_says_so()
    {
        var hook = Fakes["slack-webhook-url"].Value;
        var page = $"<html><body><!-- old alerts: {hook} --><p>hi</p></body></html>";
        var found = Assert.Single(Scan(page, SecretSource.Page));
        Assert.Equal(SecretSource.HtmlComment, found.Source);
    }

    [Fact]
    public void Secrets_across_chunk_boundaries_are_found_once_with_their_line_and_column()
    {
        var scanner = new SecretScanner(Catalog, chunkChars: 64 * 1024);
        var sb = new StringBuilder();
        var planted = new List<(string Value, int Line, int Column)>();
        var line = 1;
        var fakes = Fakes.Values.Where(f => f.Type is not ("env-secret" or "aws-access-key-pair" or "aws-access-key-id" or "aws-secret-access-key")).ToList();
        for (var i = 0; sb.Length < 2_000_000; i++)
        {
            var f = fakes[i % fakes.Count];
            // Padding that moves each secret across the 64K chunk edges in turn.
            var pad = new string('x', 997 + i * 131 % 40_000);
            sb.Append("var p=\"").Append(pad).Append("\";");
            var column = sb.Length - (sb.ToString().LastIndexOf('\n') + 1) + 1;
            var at = f.Type == "gcp-service-account" ? f.Js.IndexOf('{') : f.Js.IndexOf(f.Value, StringComparison.Ordinal);
            var valueLine = line + f.Js[..at].Count(c => c == '\n');
            var valueColumn = f.Js[..at].Contains('\n') ? at - f.Js.LastIndexOf('\n', at - 1) : column + at;
            planted.Add((f.Value, valueLine, valueColumn));
            sb.Append(f.Js);
            line += f.Js.Count(c => c == '\n');
            if (i % 3 == 0) { sb.Append('\n'); line++; }
        }
        var matches = new List<SecretMatch>();
        scanner.Scan(sb.ToString(), matches.Add);
        Assert.Equal(planted.Count, matches.Count);
        for (var i = 0; i < planted.Count; i++)
        {
            Assert.Equal(SecretMask.Hash(planted[i].Value), SecretMask.Hash(matches[i].Value));
            Assert.Equal((planted[i].Line, planted[i].Column), (matches[i].Line, matches[i].Column));
        }
    }

    [Theory]
    [InlineData("token=\"")]
    [InlineData("eyJ")]
    [InlineData("-----BEGIN PRIVATE KEY-----")]
    [InlineData("postgres://a:")]
    [InlineData("{\"type\":\"service_account\",")]
    [InlineData("sig=")]
    public void Hostile_text_full_of_keywords_is_read_to_the_end_and_yields_nothing(string unit)
    {
        var text = string.Concat(Enumerable.Repeat(unit, 4 * 1024 * 1024 / unit.Length));
        var matches = new List<SecretMatch>();
        var stats = new SecretScanner(Catalog).Scan(text, matches.Add);
        Assert.Empty(matches);
        Assert.Equal(text.Length, stats.Characters);
        Assert.Equal(0, stats.TimedOut);
    }

    [Fact]
    public void A_page_of_ten_thousand_tokens_keeps_the_first_thousand_and_counts_the_rest()
    {
        var r = new Random(3);
        var text = string.Join("\n", Enumerable.Range(0, 10_000).Select(_ => $"t=\"{FakeSecrets.ChecksumToken(r, "ghp")}\""));
        var matches = new List<SecretMatch>();
        var stats = new SecretScanner(Catalog).Scan(text, matches.Add);
        Assert.Equal(1000, matches.Count);
        Assert.Equal(9000, stats.Dropped);
    }

    [Fact]
    public void A_broken_detectors_file_is_refused_with_the_entry_named()
    {
        InvalidDataException Load(string json) => Assert.Throws<InvalidDataException>(() => SecretCatalog.Load(new MemoryStream(Encoding.UTF8.GetBytes(json))));
        Assert.Contains("'x'", Load("""{"detectors":[{"id":"x","name":"X","rule":"ATR-SECRET-001","keywords":["ab"],"pattern":"(?<=a)b","source":"https://x"}]}""").Message);
        Assert.Contains("ATR-NOPE-001", Load("""{"detectors":[{"id":"x","name":"X","rule":"ATR-NOPE-001","keywords":["ab"],"pattern":"ab","source":"https://x"}]}""").Message);
        Assert.Contains("keywords", Load("""{"detectors":[{"id":"x","name":"X","rule":"ATR-SECRET-001","keywords":["AB"],"pattern":"ab","source":"https://x"}]}""").Message);
        Assert.Contains("no validator", Load("""{"detectors":[{"id":"x","name":"X","rule":"ATR-SECRET-001","keywords":["ab"],"pattern":"ab","validate":"magic","source":"https://x"}]}""").Message);
    }

    [Fact]
    public void A_pattern_is_built_once_when_its_keyword_first_wakes_it_and_shared_by_every_scanner()
    {
        const string json = """
            {"detectors":[
              {"id":"a","name":"A","rule":"ATR-SECRET-001","keywords":["qqa_"],"pattern":"qqa_(?<secret>[0-9a-f]{32})","source":"https://a.example"},
              {"id":"b","name":"B","rule":"ATR-SECRET-001","keywords":["qqb_"],"pattern":"qqb_[0-9a-f]{32}","source":"https://b.example"}]}
            """;
        var catalog = SecretCatalog.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)), compilePatterns: false);
        Assert.All(catalog.Detectors, d => Assert.False(d.IsCompiled, d.Id));
        Assert.True(catalog.Find("a")!.HasGroups);
        Assert.False(catalog.Find("b")!.HasGroups);
        var value = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
        var matches = new List<SecretMatch>();
        Parallel.For(0, 8, _ => new SecretScanner(catalog).Scan($"x = 'qqa_{value}';", m => { lock (matches) matches.Add(m); }));
        Assert.Equal(8, matches.Count);
        Assert.All(matches, m => Assert.Equal(value, m.Value));
        Assert.True(catalog.Find("a")!.IsCompiled);
        Assert.False(catalog.Find("b")!.IsCompiled);
        var subset = catalog.Only(["a"]);
        Assert.Same(catalog.Find("a")!.Pattern, subset.Find("a")!.Pattern);
    }

    [Fact]
    public void Every_rule_of_the_area_can_be_raised_by_a_check()
    {
        var raisable = Checks<SecretEvidence>.All.SelectMany(c => c.Rules).Select(r => r.Id).ToHashSet();
        foreach (var rule in RuleCatalog.All.Where(r => r.Id.StartsWith("ATR-SECRET-", StringComparison.Ordinal)))
            Assert.Contains(rule.Id, raisable);
    }

    private static void AssertNoValue(ExposedSecret s, string value)
    {
        var text = string.Join("\n", s.Type, s.Name, s.MaskedValue, s.Detail, s.PairedWith, s.Url, s.SourceName, s.Verification,
            string.Join("\n", s.Findings.Select(f => $"{f.Title} {f.Evidence} {f.Location} {f.Target}")));
        Assert.DoesNotContain(value, text, StringComparison.Ordinal);
        if (value.Length > 12) Assert.DoesNotContain(value[4..12], text, StringComparison.Ordinal);
    }
}
