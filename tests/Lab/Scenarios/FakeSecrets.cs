using System.Text;

namespace ApiThreat.Lab.Scenarios;

/// <summary>
/// One fake credential, structurally valid for its type (checksums, lengths, JSON headers and bodies), made at run
/// time so that no secret-looking literal sits in the repository. <see cref="Js"/> is how a bundle or source file
/// carries it; <see cref="Env"/> how a .env file would (null where that form is not natural).
/// </summary>
public sealed record FakeSecret(string Type, string Value, string Js, string? Env)
{
    /// <summary>Every sensitive string planted (a pair's two halves, a key file's private key).</summary>
    public IReadOnlyList<string> Secrets { get; init; } = new[] { Value };
}

/// <summary>
/// Makes a fake of every type Find-ExposedSecret detects, from the providers' documented formats (independently of the
/// engine's code: its own CRC32 and bech32), and look-alikes that must not be reported. Seeded, so a run can be replayed.
/// </summary>
public static class FakeSecrets
{
    private const string Alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const string AlnumChars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const string Base62 = AlnumChars;
    private const string UrlSafe = AlnumChars + "_-";
    private const string Bech32Chars = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

    public static IReadOnlyList<FakeSecret> All(int seed)
    {
        var r = new Random(seed);
        var list = new List<FakeSecret>();
        void Add(string type, string value, string js, string? env = null, params string[] secrets) =>
            list.Add(new FakeSecret(type, value, js, env) { Secrets = secrets.Length > 0 ? secrets : new[] { value } });

        var akiaAlone = "AKIA" + Pick(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
        Add("aws-access-key-id", akiaAlone, $"const awsKeyId = \"{akiaAlone}\";");
        var awsSecretAlone = Base64Chars(r, 40);
        Add("aws-secret-access-key", awsSecretAlone, $"const awsSecretAccessKey = \"{awsSecretAlone}\";", $"AWS_SECRET_ACCESS_KEY={awsSecretAlone}");
        var pairId = "AKIA" + Pick(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
        var pairSecret = Base64Chars(r, 40);
        Add("aws-access-key-pair", pairId, $"const aws = {{ accessKeyId: \"{pairId}\", secretAccessKey: \"{pairSecret}\" }};",
            $"AWS_ACCESS_KEY_ID={pairId}\nAWS_SECRET_ACCESS_KEY={pairSecret}", pairId, pairSecret);
        var saKey = Pem(r, "PRIVATE KEY", "\\n");
        var sa = $"{{\"type\": \"service_account\", \"project_id\": \"acme-prod-4711\", \"private_key_id\": \"{Hex(r, 40)}\", \"private_key\": \"{saKey}\", "
            + $"\"client_email\": \"reporting@acme-prod-4711.iam.gserviceaccount.com\", \"client_id\": \"{Digits(r, 21)}\", \"token_uri\": \"https://oauth2.googleapis.com/token\"}}";
        Add("gcp-service-account", saKey, $"const serviceAccount = {sa};", null, saKey);
        var google = "AIza" + Pick(r, UrlSafe, 35);
        Add("google-api-key", google, $"const firebaseConfig = {{ apiKey: \"{google}\", authDomain: \"acme-prod.firebaseapp.com\", projectId: \"acme-prod\" }};");
        var gocspx = "GOCSPX-" + Pick(r, UrlSafe, 28);
        Add("google-oauth-client-secret", gocspx, $"const oauth = {{ clientId: \"{Digits(r, 12)}-{Pick(r, "abcdefghijklmnopqrstuvwxyz0123456789", 32)}.apps.googleusercontent.com\", clientSecret: \"{gocspx}\" }};", $"GOOGLE_CLIENT_SECRET={gocspx}");
        var accountKey = Convert.ToBase64String(Bytes(r, 64));
        Add("azure-storage-account-key", accountKey, $"const storage = \"DefaultEndpointsProtocol=https;AccountName=acmedata;AccountKey={accountKey};EndpointSuffix=core.windows.net\";",
            $"AZURE_STORAGE_CONNECTION_STRING=DefaultEndpointsProtocol=https;AccountName=acmedata;AccountKey={accountKey};EndpointSuffix=core.windows.net");
        var sig = Uri.EscapeDataString(Convert.ToBase64String(Bytes(r, 32)));
        Add("azure-sas-token", sig, $"const exportUrl = \"https://acmedata.blob.core.windows.net/exports/report.csv?sp=r&st=2024-01-01T00:00:00Z&se=2031-01-01T00:00:00Z&spr=https&sv=2022-11-02&sr=b&sig={sig}\";");
        var entra = Pick(r, AlnumChars, 3) + Digits(r, 1) + "Q~" + Pick(r, AlnumChars + "_~.-", 34);
        Add("azure-ad-client-secret", entra, $"const msal = {{ clientSecret: \"{entra}\" }};", $"AZURE_CLIENT_SECRET={entra}");
        var sas = Convert.ToBase64String(Bytes(r, 32));
        Add("azure-shared-access-key", sas, $"const bus = \"Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={sas}\";");
        var ltai = "LTAI" + Pick(r, AlnumChars, 20);
        Add("alibaba-access-key-id", ltai, $"const aliyun = {{ accessKeyId: \"{ltai}\" }};");
        var dop = "dop_v1_" + Hex(r, 64);
        Add("digitalocean-token", dop, $"const doToken = \"{dop}\";", $"DIGITALOCEAN_TOKEN={dop}");
        foreach (var (type, prefix) in new[] { ("github-pat", "ghp"), ("github-oauth-token", "gho"), ("github-user-to-server-token", "ghu"), ("github-server-to-server-token", "ghs"), ("github-refresh-token", "ghr") })
        {
            var token = ChecksumToken(r, prefix);
            Add(type, token, $"const {prefix}Credential = \"{token}\";", $"{prefix.ToUpperInvariant()}_GITHUB_TOKEN={token}");
        }
        var fine = "github_pat_" + Pick(r, AlnumChars, 22) + "_" + Pick(r, AlnumChars, 59);
        Add("github-fine-grained-pat", fine, $"const octokitAuth = \"{fine}\";");
        var glpat = "glpat-" + Pick(r, UrlSafe, 20);
        Add("gitlab-pat", glpat, $"const gitlab = {{ token: \"{glpat}\" }};", $"GITLAB_TOKEN={glpat}");
        var glptt = "glptt-" + Hex(r, 40);
        Add("gitlab-pipeline-trigger-token", glptt, $"const trigger = \"{glptt}\";");
        var glrt = "glrt-" + Pick(r, UrlSafe, 20);
        Add("gitlab-runner-token", glrt, $"const runner = \"{glrt}\";");
        var gldt = "gldt-" + Pick(r, UrlSafe, 20);
        Add("gitlab-deploy-token", gldt, $"const deploy = \"{gldt}\";");
        var npm = ChecksumToken(r, "npm");
        Add("npm-token", npm, $"const registryAuth = \"{npm}\";", $"NPM_TOKEN={npm}");
        var npmrc = Pick(r, AlnumChars, 40);
        Add("npmrc-auth-token", npmrc, $"const npmrc = \"//registry.npmjs.org/:_authToken={npmrc}\";", $"//npm.acme.example/:_authToken={npmrc}");
        var pypi = "pypi-AgEIcHlwaS5vcmc" + Pick(r, UrlSafe, 70);
        Add("pypi-token", pypi, $"const pypi = \"{pypi}\";", $"TWINE_PASSWORD={pypi}");
        var docker = "dckr_pat_" + Pick(r, UrlSafe, 27);
        Add("dockerhub-pat", docker, $"const dockerHub = \"{docker}\";");
        var vault = "hvs." + Pick(r, UrlSafe, 95);
        Add("vault-token", vault, $"const vault = \"{vault}\";", $"VAULT_TOKEN={vault}");
        var tfc = Pick(r, AlnumChars, 14) + ".atlasv1." + Pick(r, AlnumChars, 67);
        Add("terraform-cloud-token", tfc, $"const tfc = \"{tfc}\";");
        var pulumi = "pul-" + Hex(r, 40);
        Add("pulumi-token", pulumi, $"const pulumi = \"{pulumi}\";", $"PULUMI_ACCESS_TOKEN={pulumi}");
        var doppler = "dp.pt." + Pick(r, AlnumChars, 43);
        Add("doppler-token", doppler, $"const doppler = \"{doppler}\";");
        var dapi = "dapi" + Hex(r, 32);
        Add("databricks-token", dapi, $"const databricks = \"{dapi}\";");
        var atlassian = "ATATT3" + Pick(r, UrlSafe, 186);
        Add("atlassian-api-token", atlassian, $"const jira = \"{atlassian}\";");
        var skLive = "sk_live_" + Pick(r, AlnumChars, 99);
        Add("stripe-secret-key", skLive, $"const stripe = Stripe(\"{skLive}\");", $"STRIPE_SECRET_KEY={skLive}");
        var rkLive = "rk_live_" + Pick(r, AlnumChars, 99);
        Add("stripe-restricted-key", rkLive, $"const stripeReports = \"{rkLive}\";");
        var skTest = "sk_test_" + Pick(r, AlnumChars, 99);
        Add("stripe-test-secret-key", skTest, $"const stripeTest = \"{skTest}\";");
        var whsec = "whsec_" + Pick(r, AlnumChars, 32);
        Add("stripe-webhook-secret", whsec, $"const webhookSecret = \"{whsec}\";", $"STRIPE_WEBHOOK_SECRET={whsec}");
        var square = "EAAA" + Pick(r, UrlSafe, 60);
        Add("square-access-token", square, $"const square = \"{square}\";");
        var sqcsp = "sq0csp-" + Pick(r, UrlSafe, 43);
        Add("square-oauth-secret", sqcsp, $"const squareApp = \"{sqcsp}\";");
        var braintree = $"access_token$production${Pick(r, "abcdefghijklmnopqrstuvwxyz0123456789", 16)}${Hex(r, 32)}";
        Add("braintree-access-token", braintree, $"const braintree = \"{braintree}\";");
        var shpat = "shpat_" + Hex(r, 32);
        Add("shopify-access-token", shpat, $"const shopify = \"{shpat}\";");
        var shpss = "shpss_" + Hex(r, 32);
        Add("shopify-shared-secret", shpss, $"const shopifyApp = \"{shpss}\";");
        var xoxb = $"xoxb-{Digits(r, 12)}-{Digits(r, 13)}-{Pick(r, AlnumChars, 24)}";
        Add("slack-bot-token", xoxb, $"const slackBot = \"{xoxb}\";", $"SLACK_BOT_TOKEN={xoxb}");
        var xoxp = $"xoxp-{Digits(r, 12)}-{Digits(r, 12)}-{Digits(r, 13)}-{Hex(r, 32)}";
        Add("slack-user-token", xoxp, $"const slackUser = \"{xoxp}\";");
        var xapp = $"xapp-1-A{Pick(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 10)}-{Digits(r, 13)}-{Hex(r, 64)}";
        Add("slack-app-token", xapp, $"const slackApp = \"{xapp}\";");
        var hook = $"https://hooks.slack.com/services/T{Pick(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 10)}/B{Pick(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 10)}/{Pick(r, AlnumChars, 24)}";
        Add("slack-webhook-url", hook, $"const alerts = \"{hook}\";");
        var twilioKey = "SK" + Hex(r, 32);
        Add("twilio-api-key", twilioKey, $"const twilioKey = \"{twilioKey}\";");
        var twilioToken = Hex(r, 32);
        Add("twilio-auth-token", twilioToken, $"const twilioAuthToken = \"{twilioToken}\";");
        var sendgrid = $"SG.{Pick(r, UrlSafe, 22)}.{Pick(r, UrlSafe, 43)}";
        Add("sendgrid-api-key", sendgrid, $"const mail = \"{sendgrid}\";", $"SENDGRID_API_KEY={sendgrid}");
        var mailgun = "key-" + Hex(r, 32);
        Add("mailgun-api-key", mailgun, $"const mailgun = \"{mailgun}\";");
        var mailchimp = Hex(r, 32) + "-us" + r.Next(1, 22);
        Add("mailchimp-api-key", mailchimp, $"const mailchimp = \"{mailchimp}\";");
        var discord = $"https://discord.com/api/webhooks/{Digits(r, 18)}/{Pick(r, UrlSafe, 68)}";
        Add("discord-webhook-url", discord, $"const discord = \"{discord}\";");
        var telegram = $"{r.Next(100000000, 999999999)}:AA{Pick(r, UrlSafe, 33)}";
        Add("telegram-bot-token", telegram, $"const telegram = \"{telegram}\";");
        var openai = $"sk-proj-{Pick(r, AlnumChars, 40)}T3BlbkFJ{Pick(r, AlnumChars, 40)}";
        Add("openai-api-key", openai, $"const openai = \"{openai}\";", $"OPENAI_API_KEY={openai}");
        var anthropic = $"sk-ant-api03-{Pick(r, UrlSafe, 93)}AA";
        Add("anthropic-api-key", anthropic, $"const claude = \"{anthropic}\";");
        var hf = "hf_" + Pick(r, Alpha, 34);
        Add("huggingface-token", hf, $"const hub = \"{hf}\";");
        var linear = "lin_api_" + Pick(r, AlnumChars, 40);
        Add("linear-api-key", linear, $"const linear = \"{linear}\";");
        var pmak = $"PMAK-{Hex(r, 24)}-{Hex(r, 34)}";
        Add("postman-api-key", pmak, $"const postman = \"{pmak}\";");
        var nrak = "NRAK-" + Pick(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 27);
        Add("newrelic-user-key", nrak, $"const newrelic = \"{nrak}\";");
        var sentry = "sntryu_" + Hex(r, 64);
        Add("sentry-auth-token", sentry, $"const sentryAuth = \"{sentry}\";");
        var glsa = $"glsa_{Pick(r, AlnumChars, 32)}_{Hex(r, 8)}";
        Add("grafana-service-account-token", glsa, $"const grafana = \"{glsa}\";");
        var glc = "glc_" + Pick(r, AlnumChars, 80);
        Add("grafana-cloud-token", glc, $"const grafanaCloud = \"{glc}\";");
        var mapbox = $"sk.eyJ{Pick(r, UrlSafe, 40)}.{Pick(r, UrlSafe, 22)}";
        Add("mapbox-secret-token", mapbox, $"const mapboxAdmin = \"{mapbox}\";");
        var fcm = $"AAAA{Pick(r, UrlSafe, 7)}:APA91b{Pick(r, UrlSafe, 134)}";
        Add("firebase-cloud-messaging-key", fcm, $"const fcm = \"{fcm}\";");
        var pem = Pem(r, "RSA PRIVATE KEY", "\n");
        Add("private-key", pem, $"const signingKey = `{pem}`;", null, pem);
        var ppk = $"PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: deploy@acme\nPublic-Lines: 2\n{Convert.ToBase64String(Bytes(r, 48))}\n{Convert.ToBase64String(Bytes(r, 3))}\nPrivate-Lines: 1\n{Convert.ToBase64String(Bytes(r, 48))}\nPrivate-MAC: {Hex(r, 64)}";
        Add("putty-private-key", ppk, $"const ppk = `{ppk}`;", null, ppk);
        var age = AgeKey(r);
        Add("age-secret-key", age, $"const ageKey = \"{age}\";", $"SOPS_AGE_KEY={age}");
        var jwt = Jwt(r, $"{{\"sub\":\"svc-reporting\",\"iss\":\"https://auth.acme.example\",\"exp\":{DateTimeOffset.UtcNow.AddYears(1).ToUnixTimeSeconds()}}}");
        Add("jwt", jwt, $"const serviceJwt = \"{jwt}\";");
        var dbPassword = Pick(r, AlnumChars, 20);
        var db = $"postgres://orders_app:{dbPassword}@db.acme.internal:5432/orders";
        Add("database-connection-uri", dbPassword, $"const db = \"{db}\";", $"DATABASE_URL={db}", dbPassword);
        var urlPassword = Pick(r, AlnumChars, 18);
        Add("url-credentials", urlPassword, $"const mirror = \"https://deploy:{urlPassword}@git.acme.internal/acme/site.git\";", null, urlPassword);
        var generic = Mixed(r, 32);
        Add("generic-secret", generic, $"const paymentsApiKey = \"{generic}\";");
        var envPassword = Mixed(r, 16);
        Add("env-secret", envPassword, $"const settings = {{ smtpPassword: \"{envPassword}\" }};", $"SMTP_PASSWORD={envPassword}");
        return list;
    }

    /// <summary>
    /// Strings that look like secrets to a careless scanner and are not: hashes, UUIDs, base64 images, CSRF tokens,
    /// publishable keys, documentation examples, placeholders, a GitHub-looking token whose checksum fails, a JWT-shaped
    /// string that is not JSON, passwords that are words. A clean bundle made of them must yield nothing.
    /// </summary>
    public static string LookalikeBundle(int seed, int repeat = 20)
    {
        var r = new Random(seed);
        var sb = new StringBuilder("/*! acme-web 4.2.1 | MIT */\n\"use strict\";(()=>{");
        for (var i = 0; i < repeat; i++)
        {
            var badGithub = "ghp_" + Pick(r, AlnumChars, 36);
            sb.Append($"var m{i}={{id:\"{Guid.NewGuid()}\",requestId:\"{Guid.NewGuid()}\",integrity:\"sha384-{Convert.ToBase64String(Bytes(r, 48))}\",");
            sb.Append($"commit:\"{Hex(r, 40)}\",etag:\"W/\\\"{Hex(r, 32)}\\\"\",checksum:\"{Hex(r, 64)}\",hash:\"{Hex(r, 32)}\",");
            sb.Append($"csrfToken:\"{Pick(r, AlnumChars, 64)}\",tokenType:\"Bearer\",publishableKey:\"pk_live_{Pick(r, AlnumChars, 99)}\",");
            sb.Append($"publicKey:\"{Convert.ToBase64String(Bytes(r, 65))}\",nonce:\"{Convert.ToBase64String(Bytes(r, 16))}\",");
            sb.Append("apiKey:\"YOUR_API_KEY_HERE\",api_key:\"${API_KEY}\",secret:process.env.SECRET,password:\"password\",passwordMinLength:12,");
            sb.Append("docsKey:\"AKIAIOSFODNN7EXAMPLE\",docsSecret:\"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\",");
            sb.Append($"notGithub:\"{badGithub}\",notJwt:\"eyJ{Pick(r, AlnumChars, 30)}.eyJ{Pick(r, AlnumChars, 40)}.{Pick(r, AlnumChars, 43)}\",");
            sb.Append("db:\"postgres://user:password@localhost:5432/app\",mirror:\"https://user:pass@example.com/repo.git\",");
            sb.Append($"sentryDsn:\"https://{Hex(r, 32)}@o{r.Next(1000, 99999)}.ingest.sentry.io/{r.Next(1000, 99999)}\",");
            sb.Append($"logo:\"data:image/png;base64,{Convert.ToBase64String(Bytes(r, 3000))}\",");
            sb.Append($"font:\"data:font/woff2;base64,{Convert.ToBase64String(Bytes(r, 2000))}\",");
            sb.Append("label:{password:\"Password\",token:\"Access token\",secret:\"Client secret\"},");
            sb.Append($"keyframes:\"{Pick(r, "abcdefghijklmnopqrstuvwxyz", 20)}\",tokenizer:function(e){{return e.split(\" \")}}}};");
        }
        sb.Append("})();\n");
        return sb.ToString();
    }

    public static string Pick(Random r, string alphabet, int n)
    {
        var chars = new char[n];
        for (var i = 0; i < n; i++) chars[i] = alphabet[r.Next(alphabet.Length)];
        return new string(chars);
    }

    /// <summary>Random base62 with at least one digit and one letter (a value a password policy would take).</summary>
    public static string Mixed(Random r, int n) => Pick(r, "abcdefghijklmnopqrstuvwxyz", 1) + Pick(r, "0123456789", 1) + Pick(r, AlnumChars, n - 2);

    public static string Hex(Random r, int n) => Pick(r, "0123456789abcdef", n);
    public static string Digits(Random r, int n) => Pick(r, "123456789", 1) + Pick(r, "0123456789", n - 1);

    public static byte[] Bytes(Random r, int n)
    {
        var b = new byte[n];
        r.NextBytes(b);
        return b;
    }

    /// <summary>40 characters of the base64 alphabet with no run a placeholder check would take for a mask.</summary>
    private static string Base64Chars(Random r, int n) => Pick(r, AlnumChars + "+/", n);

    /// <summary>GitHub's and npm's format: prefix_, 30 random base62 characters, then the CRC32 of those 30 in 6 base62 characters.</summary>
    public static string ChecksumToken(Random r, string prefix)
    {
        var random = Pick(r, Base62, 30);
        var crc = Crc32(Encoding.ASCII.GetBytes(random));
        var check = new char[6];
        ulong n = crc;
        for (var i = 5; i >= 0; i--) { check[i] = Base62[(int)(n % 62)]; n /= 62; }
        return $"{prefix}_{random}{new string(check)}";
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }

    /// <summary>A PEM block of a DER-looking body (a SEQUENCE of random content), lines joined by <paramref name="newline"/>.</summary>
    public static string Pem(Random r, string label, string newline)
    {
        var der = Bytes(r, 1190);
        der[0] = 0x30;
        der[1] = 0x82;
        var b64 = Convert.ToBase64String(der);
        var lines = Enumerable.Range(0, (b64.Length + 63) / 64).Select(i => b64.Substring(i * 64, Math.Min(64, b64.Length - i * 64)));
        return $"-----BEGIN {label}-----{newline}{string.Join(newline, lines)}{newline}-----END {label}-----";
    }

    public static string Jwt(Random r, string payload)
    {
        static string B64Url(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $"{B64Url(Encoding.UTF8.GetBytes("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"))}.{B64Url(Encoding.UTF8.GetBytes(payload))}.{B64Url(Bytes(r, 32))}";
    }

    /// <summary>An age secret key: bech32 of 32 random bytes under "age-secret-key-", upper case as age writes it.</summary>
    public static string AgeKey(Random r)
    {
        const string hrp = "age-secret-key-";
        var data = new List<int>();
        var bits = 0;
        var acc = 0;
        foreach (var b in Bytes(r, 32))
        {
            acc = (acc << 8) | b;
            bits += 8;
            while (bits >= 5) { bits -= 5; data.Add((acc >> bits) & 31); }
        }
        if (bits > 0) data.Add((acc << (5 - bits)) & 31);
        var values = hrp.Select(c => c >> 5).Append(0).Concat(hrp.Select(c => c & 31)).Concat(data).Concat(new int[6]).ToList();
        var mod = Polymod(values) ^ 1;
        for (var i = 0; i < 6; i++) data.Add((int)((mod >> (5 * (5 - i))) & 31));
        return (hrp + "1" + new string(data.Select(v => Bech32Chars[v]).ToArray())).ToUpperInvariant();
    }

    private static uint Polymod(IEnumerable<int> values)
    {
        uint[] gen = { 0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3 };
        uint chk = 1;
        foreach (var v in values)
        {
            var top = chk >> 25;
            chk = ((chk & 0x1ffffff) << 5) ^ (uint)v;
            for (var i = 0; i < 5; i++) if (((top >> i) & 1) != 0) chk ^= gen[i];
        }
        return chk;
    }
}
