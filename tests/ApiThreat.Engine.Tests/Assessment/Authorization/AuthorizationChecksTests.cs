using System.Text;
using ApiThreat.Engine.Assessment.Authorization;
using ApiThreat.Engine.Assessment.Authorization.Checks;
using ApiThreat.Engine.Export;
using ApiThreat.Engine.Export.Report;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Tests.Assessment.Authorization;

public class AuthorizationChecksTests
{
    private static readonly AuthIdentity Alice = new("alice", new[] { new KeyValuePair<string, string>("Authorization", "Bearer alice-secret-token") });
    private static readonly AuthIdentity Bob = new("bob", new[] { new KeyValuePair<string, string>("Authorization", "Bearer bob-secret-token") });
    private static readonly AuthIdentity Admin = new("admin", new[] { new KeyValuePair<string, string>("Authorization", "Bearer admin-secret-token") }, privileged: true);

    private static MatrixCell Cell(string identity, int status, AuthorizationVerdict verdict, double? similarity = null) =>
        new() { Identity = identity, StatusCode = status, Size = 100, Verdict = verdict, Similarity = similarity, HasObjectValue = status == 200 };

    private static AuthorizationEvidence Evidence(params MatrixEntry[] entries)
    {
        var identities = new[] { Admin, Alice, Bob, AuthIdentity.Anonymous() };
        return new AuthorizationEvidence
        {
            Target = "https://api.example.test/", BaseUrl = new Uri("https://api.example.test/"), Identities = identities, Entries = entries,
            Catalog = new ObjectCatalog(new[] { "admin", "alice", "bob" }), Scrubber = new SecretScrubber(identities),
        };
    }

    private static MatrixEntry NoteOfAlice(AuthorizationVerdict bob, AuthorizationVerdict anonymous, int anonymousStatus = 401)
    {
        var obj = new HarvestedObject { Identity = "alice", SourceTemplate = "/notes/", SourcePath = "/notes/", Properties = new Dictionary<string, string> { ["id"] = "1", ["owner"] = "alice" } };
        var entry = new MatrixEntry
        {
            Operation = new ApiOperation { Method = "GET", Path = "/notes/{id}/" }, Path = "/notes/1/", Reference = "alice",
            Object = new ObjectCandidate("/notes/1/", "1", "id", "alice", Ownership.OwnerField, obj),
        };
        entry.Cells["alice"] = Cell("alice", 200, AuthorizationVerdict.Reference);
        entry.Cells["admin"] = Cell("admin", 200, AuthorizationVerdict.Same, 1);
        entry.Cells["bob"] = bob == AuthorizationVerdict.Denied ? Cell("bob", 404, bob) : Cell("bob", 200, bob, bob == AuthorizationVerdict.Same ? 1 : 0.6);
        entry.Cells["anonymous"] = anonymous == AuthorizationVerdict.Denied ? Cell("anonymous", anonymousStatus, anonymous) : Cell("anonymous", 200, anonymous, 1);
        return entry;
    }

    [Fact]
    public void Bola_names_the_pair_and_spares_administrators_public_objects_and_refusals()
    {
        var finding = Assert.Single(new ObjectOfAnotherIdentityCheck().Run(Evidence(NoteOfAlice(AuthorizationVerdict.Same, AuthorizationVerdict.Denied))));
        Assert.Equal("ATR-AUTHZ-001", finding.RuleId);
        Assert.Equal("bob can read alice's objects (BOLA)", finding.Title);
        Assert.Equal(Confidence.Confirmed, finding.Confidence);
        Assert.Equal("GET /notes/{id}/", finding.Location);
        Assert.Contains("anonymous 401", finding.Evidence);
        Assert.Empty(new ObjectOfAnotherIdentityCheck().Run(Evidence(NoteOfAlice(AuthorizationVerdict.Denied, AuthorizationVerdict.Denied))));
        Assert.Empty(new ObjectOfAnotherIdentityCheck().Run(Evidence(NoteOfAlice(AuthorizationVerdict.Same, AuthorizationVerdict.Same))));
        Assert.Equal(Confidence.Tentative, new ObjectOfAnotherIdentityCheck().Run(Evidence(NoteOfAlice(AuthorizationVerdict.Different, AuthorizationVerdict.Denied))).Single().Confidence);
    }

    [Fact]
    public void A_private_object_given_without_credentials_needs_a_reason_to_be_private()
    {
        var open = NoteOfAlice(AuthorizationVerdict.Same, AuthorizationVerdict.Same);
        Assert.Empty(new ObjectWithoutAuthenticationCheck().Run(Evidence(open))); // a public object: nothing says otherwise
        var secured = new MatrixEntry
        {
            Operation = open.Operation, Path = open.Path, Object = open.Object, Reference = "alice", SecuredBySpecification = true,
        };
        foreach (var (k, v) in open.Cells) secured.Cells[k] = v;
        var f = Assert.Single(new ObjectWithoutAuthenticationCheck().Run(Evidence(secured)));
        Assert.Contains("the specification requires credentials", f.Evidence);
    }

    [Fact]
    public void Bfla_needs_an_administrative_operation_and_the_privileged_answer()
    {
        MatrixEntry Entry(string path, bool admin, string? reference)
        {
            var e = new MatrixEntry { Operation = new ApiOperation { Method = "GET", Path = path }, Path = path, AdminOperation = admin, Reference = reference };
            e.Cells["admin"] = Cell("admin", 200, AuthorizationVerdict.Reference);
            e.Cells["alice"] = Cell("alice", 200, AuthorizationVerdict.Same, 1);
            e.Cells["bob"] = Cell("bob", 403, AuthorizationVerdict.Denied);
            e.Cells["anonymous"] = Cell("anonymous", 401, AuthorizationVerdict.Denied);
            return e;
        }
        var f = Assert.Single(new FunctionOfHigherIdentityCheck().Run(Evidence(Entry("/admin/users", true, "admin"))));
        Assert.Equal("alice can call an administrative operation of admin (BFLA)", f.Title);
        Assert.Equal("API5:2023", f.OwaspApi);
        Assert.Empty(new FunctionOfHigherIdentityCheck().Run(Evidence(Entry("/reports", false, "admin"))));
        Assert.Empty(new FunctionOfHigherIdentityCheck().Run(Evidence(Entry("/admin/users", true, null))));
    }

    [Fact]
    public void Names_know_administrative_self_login_and_state_changing_operations()
    {
        Assert.True(Names.IsAdminPath("/api/admin/users/"));
        Assert.True(Names.IsAdminPath("/internal/metrics"));
        Assert.False(Names.IsAdminPath("/api/administrators-guide-not-a-segment-match"));
        Assert.True(Names.IsAdminText("Deletes user by username (Only Admins)"));
        Assert.True(Names.IsSelfPath("/api/me/"));
        Assert.True(Names.IsSelfPath("/users/v1/me"));
        Assert.False(Names.IsSelfPath("/users/{id}"));
        Assert.True(Names.IsLoginPath("/users/v1/login"));
        Assert.True(Names.IsLoginPath("/api/token/"));
        Assert.True(Names.IsUnsafeRead(new ApiOperation { Path = "/createdb", Summary = "Creates and populates the database with dummy data" }));
        Assert.True(Names.IsUnsafeRead(new ApiOperation { Path = "/auth/logout" }));
        Assert.False(Names.IsUnsafeRead(new ApiOperation { Path = "/books/v1/{book_title}", Summary = "Retrieves book by title along with secret" }));
        Assert.True(Names.IsOwnerKey("owner.username"));
        Assert.True(Names.IsOwnerKey("user_id"));
        Assert.False(Names.IsOwnerKey("title"));
    }

    [Fact]
    public void Secrets_are_scrubbed_in_every_form_a_server_may_echo()
    {
        var basic = new AuthIdentity("carol", new[] { new KeyValuePair<string, string>("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("carol:Hunter2-pass"))) });
        var jwt = JsonWebTokenTests.Sign("k");
        var bearer = new AuthIdentity("dave", new[] { new KeyValuePair<string, string>("Authorization", "Bearer " + jwt) });
        var scrubber = new SecretScrubber(new[] { basic, bearer });
        Assert.Equal("echo [redacted] and [redacted]", scrubber.Scrub("echo Hunter2-pass and " + jwt));
        Assert.DoesNotContain(jwt.Split('.')[2], scrubber.Scrub("sig " + jwt.Split('.')[2]));
        Assert.DoesNotContain("Hunter2-pass", scrubber.Scrub("user carol:Hunter2-pass"));
    }

    [Fact]
    public void Login_answers_are_compared_without_user_names_or_digits_and_lockouts_are_recognised()
    {
        var a = new Answer { StatusCode = 401, Snippet = """{"error":"Wrong password for alice","id":123}""" };
        var b = new Answer { StatusCode = 401, Snippet = """{"error":"Wrong password for bob","id":456}""" };
        Assert.Equal(LoginProbe.Normalized(a, "alice"), LoginProbe.Normalized(b, "bob"));
        Assert.NotNull(LoginProbe.LockoutSignal(new Answer { StatusCode = 429 }));
        Assert.NotNull(LoginProbe.LockoutSignal(new Answer { StatusCode = 403, Snippet = """{"detail":"Too many failed login attempts"}""" }));
        Assert.NotNull(LoginProbe.LockoutSignal(new Answer { StatusCode = 401, Headers = new[] { new KeyValuePair<string, string>("Retry-After", "60") } }));
        Assert.Null(LoginProbe.LockoutSignal(new Answer { StatusCode = 401, Snippet = """{"detail":"No active account found with the given credentials"}""" }));
    }

    [Fact]
    public void Bodies_copied_from_an_owned_object_leave_out_identifiers_owners_timestamps_and_privileges()
    {
        var owned = new HarvestedObject
        {
            Identity = "alice", SourceTemplate = "/orders", SourcePath = "/orders",
            Properties = new Dictionary<string, string> { ["id"] = "9", ["owner"] = "alice", ["item"] = "keyboard", ["quantity"] = "2", ["created_at"] = "2026", ["role"] = "user", ["customer_id"] = "4", ["owner.name"] = "A" },
        };
        var body = RequestBodies.FromObject(owned, "n")!;
        Assert.Equal("""{"item":"keyboard","quantity":2}""", body.ToJsonString());
        Assert.Equal("admin", RequestBodies.PrivilegedValue("role", null, "member")!.ToString());
        Assert.True(RequestBodies.PrivilegedValue("is_staff", null, "false")!.GetValue<bool>());
        Assert.True(RequestBodies.IsPrivileged("isAdmin"));
        Assert.False(RequestBodies.IsPrivileged("title"));
    }

    [Fact]
    public void The_matrix_prints_as_a_grid_and_the_report_escapes_what_the_target_sent()
    {
        var finding = AuthorizationRules.ObjectOfAnotherIdentity.ToFinding("https://api.example.test/", "x", location: "GET /notes/{id}/");
        var matrix = new AuthorizationMatrix
        {
            Url = "https://api.example.test/", HostName = "api.example.test", Identities = new[] { "alice", "bob", "anonymous" },
            Rows = new[]
            {
                new AuthorizationRow
                {
                    Operation = "GET /notes/{id}/", Path = "/notes/1/", ObjectId = "<b>1</b>", Owner = "alice", Reference = "alice",
                    Cells = new[]
                    {
                        new AuthorizationCell { Identity = "alice", StatusCode = 200, Verdict = AuthorizationVerdict.Reference },
                        new AuthorizationCell { Identity = "bob", StatusCode = 200, Verdict = AuthorizationVerdict.Same, Similarity = 1 },
                        new AuthorizationCell { Identity = "anonymous", StatusCode = 401, Verdict = AuthorizationVerdict.Denied },
                    },
                },
            },
            Findings = new[] { finding },
        };
        var table = matrix.ToTable();
        Assert.Contains("Request", table);
        Assert.Matches(@"GET /notes/\{id\}/\s+alice: <b>1</b>\s+200 ref\s+200 =\s+401", table);

        var set = new ExportSet();
        Assert.True(set.Add(matrix));
        Assert.Single(set.Findings);
        Assert.Contains("api.example.test", set.HostNames);
        var html = HtmlReportWriter.Write(set, "t", DateTimeOffset.UnixEpoch);
        Assert.Contains("Authorization matrices", html);
        Assert.DoesNotContain("<b>1</b>", html);
        Assert.Contains("&lt;b&gt;1&lt;/b&gt;", html);
        Assert.Contains("<span class=\"badge sev-high\">200 =</span>", html);
    }
}
