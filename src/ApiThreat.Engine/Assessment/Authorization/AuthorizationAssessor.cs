using System.Text.RegularExpressions;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Authorization;

/// <summary>
/// Tests one API's authorization with the caller's identities (Test-ApiAuthorization). It reads what each identity is
/// shown (listings, "who am I" answers, token claims), works out whose each object is, then requests every readable
/// operation as every identity, anonymous included, each object-level operation with the identifiers the owners were
/// shown: the identity × request matrix. Checks then read the matrix (another identity's object, a private object
/// without credentials, an administrative function reached by a lower identity) and test the tokens (tampered JWTs,
/// credentials in the query string). By default only GET requests are sent; writes need <see cref="AuthorizationRequest.Active"/>.
/// </summary>
public sealed class AuthorizationAssessor
{
    private const double SameThreshold = 0.8;
    private static readonly Regex s_specDocument = new(@"(\.json|\.ya?ml|api-docs|/swagger|/openapi|/schema)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
    /// <summary>"Who am I" paths tried when the operations name none and an identity's token does not say who it is.</summary>
    private static readonly string[] s_selfPaths = { "/me", "/users/me", "/user", "/profile", "/whoami", "/account", "/auth/user", "/userinfo" };

    private readonly NetworkContext _net;
    private readonly AuthorizationRequest _request;
    private readonly CancellationToken _ct;
    private readonly List<AuthIdentity> _identities;
    private readonly SecretScrubber _scrubber;
    private readonly AuthorizationClient _client;
    private readonly ObjectCatalog _catalog;
    private readonly Uri _base;
    private readonly string _basePath;
    private readonly string _target;
    private readonly List<string> _notes = new();
    private readonly Dictionary<string, ResponseShape?> _catchAll = new(StringComparer.Ordinal);
    // Whether the anonymous identity was refused at each listing path (for "private" objects).
    private readonly Dictionary<string, bool> _anonymousRefused = new(StringComparer.Ordinal);
    private readonly List<MatrixEntry> _entries = new();
    private int _skipped;

    private AuthorizationAssessor(NetworkContext net, AuthorizationRequest request, CancellationToken ct)
    {
        _net = net;
        _request = request;
        _ct = ct;
        _identities = request.Identities.Where(i => i.Name != AuthIdentity.AnonymousName).ToList();
        _identities.Add(AuthIdentity.Anonymous());
        _scrubber = new SecretScrubber(_identities);
        _client = new AuthorizationClient(net, _scrubber);
        _catalog = new ObjectCatalog(_identities.Where(i => !i.IsAnonymous).Select(i => i.Name));
        _base = BaseOf(request.Url, request.Specification);
        _basePath = _base.AbsolutePath.TrimEnd('/');
        _target = _base.ToString();
    }

    public static async Task<AuthorizationMatrix> AssessAsync(NetworkContext net, AuthorizationRequest request, CancellationToken cancellationToken)
    {
        var assessor = new AuthorizationAssessor(net, request, cancellationToken);
        return await assessor.RunAsync().ConfigureAwait(false);
    }

    /// <summary>Where operation paths are rooted: the URL's path, or the specification's server path when the URL is the document or the origin.</summary>
    public static Uri BaseOf(Uri url, Specs.SpecDocument? spec)
    {
        var path = url.AbsolutePath.TrimEnd('/');
        if (s_specDocument.IsMatch(path)) path = "";
        if (path.Length == 0 && spec?.Servers.FirstOrDefault() is { } server)
        {
            var serverPath = Uri.TryCreate(server, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https" ? absolute.AbsolutePath
                : server.StartsWith('/') ? server : "";
            path = serverPath.TrimEnd('/');
        }
        return new Uri(url.GetLeftPart(UriPartial.Authority) + path + "/");
    }

    private async Task<AuthorizationMatrix> RunAsync()
    {
        _net.Log($"Test-ApiAuthorization: {_target} as {string.Join(", ", _identities.Select(i => i.Name))}{(_request.Active ? " (active)" : "")}");
        foreach (var identity in _identities.Where(i => !i.IsAnonymous))
        {
            if (identity.UserName is { } user) _catalog.AddMarkers(identity.Name, new[] { user });
            if (identity.Jwt() is { } jwt) _catalog.AddMarkers(identity.Name, jwt.Token.IdentityClaims());
        }

        var operations = _request.Operations
            .Where(o => !string.IsNullOrEmpty(o.Path))
            .GroupBy(o => o.Method.ToUpperInvariant() + " " + o.Path, StringComparer.Ordinal).Select(g => g.First())
            .ToList();
        if (operations.Count > _request.MaxOperations)
        {
            Note($"{operations.Count - _request.MaxOperations} operations beyond -MaximumOperations {_request.MaxOperations} were not requested.");
            _skipped += operations.Count - _request.MaxOperations;
            operations = operations.Take(_request.MaxOperations).ToList();
        }
        var reads = operations.Where(o => o.Method.Equals("GET", StringComparison.OrdinalIgnoreCase)).ToList();
        var unsafeReads = reads.Where(Names.IsUnsafeRead).ToList();
        if (unsafeReads.Count > 0)
        {
            Note($"{unsafeReads.Count} GET operations whose names say they change state were not sent ({string.Join(", ", unsafeReads.Take(5).Select(o => "GET " + o.Path))}).");
            reads = reads.Except(unsafeReads).ToList();
        }
        var writes = operations.Count(o => o.Method.ToUpperInvariant() is "POST" or "PUT" or "PATCH" or "DELETE");
        if (writes > 0 && !_request.Active)
            Note($"{writes} write operations (POST, PUT, PATCH, DELETE) were not sent: writes need -Active.");
        _skipped += operations.Count - reads.Count;

        await ProbeCatchAllAsync().ConfigureAwait(false);
        await FunctionLevelAsync(reads.Where(o => !PathTemplate.HasParameters(o.Path)).ToList()).ConfigureAwait(false);
        await FindSelfAsync(reads).ConfigureAwait(false);
        await ObjectLevelAsync(reads.Where(o => PathTemplate.HasParameters(o.Path)).OrderBy(o => PathTemplate.ParametersOf(o.Path).Count).ToList()).ConfigureAwait(false);

        var evidence = new AuthorizationEvidence
        {
            Target = _target, BaseUrl = _base, Identities = _identities, Entries = _entries, Catalog = _catalog, Scrubber = _scrubber,
            Specification = _request.Specification, Active = _request.Active,
        };
        var findings = Checks<AuthorizationEvidence>.Run(evidence);
        var context = new AuthorizationContext { Evidence = evidence, Client = _client, Request = _request };
        // Checks that may lock an identity's account run last: nothing after them needs to log in.
        foreach (var check in Checks<AuthorizationContext>.AllAsync.OrderBy(c => c is IAccountLockingCheck ? 1 : 0))
            findings.AddRange(await check.RunAsync(context, _ct).ConfigureAwait(false));
        _notes.AddRange(context.Notes);

        foreach (var f in findings)
        {
            f.Evidence = _scrubber.Scrub(f.Evidence);
            f.Title = _scrubber.Scrub(f.Title);
            f.Location = f.Location is null ? null : _scrubber.Scrub(f.Location);
        }
        return BuildMatrix(findings);
    }

    private void Note(string text)
    {
        lock (_notes) _notes.Add(_scrubber.Scrub(text));
    }

    private Uri UrlOf(string path) => new(_base.GetLeftPart(UriPartial.Authority) + path);

    private string FullTemplate(ApiOperation op) => _basePath + "/" + op.Path.TrimStart('/');

    /// <summary>What each identity is answered for a path that cannot exist: a success there is the site's catch-all page.</summary>
    private async Task ProbeCatchAllAsync()
    {
        var missing = UrlOf(_basePath + "/atr-missing-" + Guid.NewGuid().ToString("N")[..10]);
        await ForEachAsync(_identities, async identity =>
        {
            var answer = await _client.SendAsync(identity, "GET", missing, _ct, harvest: false).ConfigureAwait(false);
            lock (_catchAll) _catchAll[identity.Name] = answer.IsSuccess ? answer.Shape : null;
        }, _identities.Count).ConfigureAwait(false);
    }

    private bool IsCatchAll(string identity, Answer answer)
    {
        if (!answer.IsSuccess) return false;
        ResponseShape? page;
        lock (_catchAll) _catchAll.TryGetValue(identity, out page);
        return page is not null && page.SimilarityTo(answer.Shape) >= 0.9;
    }

    /// <summary>Operations without path parameters: every identity requests each; their listings are the harvest.</summary>
    private async Task FunctionLevelAsync(List<ApiOperation> operations)
    {
        await ForEachAsync(operations, async op =>
        {
            var template = FullTemplate(op);
            var answers = await AskEveryoneAsync(UrlOf(template), template).ConfigureAwait(false);
            foreach (var (identity, answer) in answers)
            {
                if (identity.IsAnonymous) continue;
                _catalog.Record(identity.Name, template, answer);
                if (answer.IsSuccess && Names.IsSelfPath(template)) _catalog.AddMarkers(identity.Name, answer.SelfMarkers);
            }
            var anonymous = answers.First(a => a.Identity.IsAnonymous).Answer;
            _catalog.Record(AuthIdentity.AnonymousName, template, anonymous);
            lock (_anonymousRefused) _anonymousRefused[template] = anonymous.IsDenied;
            if (anonymous.IsDenied)
                foreach (var (identity, answer) in answers)
                    if (!identity.IsAnonymous && answer.IsSuccess) _client.RememberSuccess(identity, UrlOf(template));
            AddEntry(op, template, null, answers, privilegedReference: true);
        }, _request.Parallelism).ConfigureAwait(false);
    }

    /// <summary>Identities whose token and answers did not say who they are ask the usual "who am I" paths.</summary>
    private async Task FindSelfAsync(List<ApiOperation> reads)
    {
        if (reads.Any(o => Names.IsSelfPath(o.Path))) return;
        var unknown = _identities.Where(i => !i.IsAnonymous && _catalog.MarkersOf(i.Name).Count == 0).ToList();
        if (unknown.Count == 0) return;
        await ForEachAsync(unknown, async identity =>
        {
            foreach (var path in s_selfPaths)
            {
                var answer = await _client.SendAsync(identity, "GET", UrlOf(_basePath + path), _ct, harvest: false).ConfigureAwait(false);
                if (!answer.IsSuccess || IsCatchAll(identity.Name, answer) || answer.SelfMarkers.Count == 0) continue;
                _catalog.AddMarkers(identity.Name, answer.SelfMarkers);
                return;
            }
        }, _request.Parallelism).ConfigureAwait(false);
    }

    /// <summary>Operations with path parameters, filled with identifiers the owners were shown; nested ones after their parents.</summary>
    private async Task ObjectLevelAsync(List<ApiOperation> operations)
    {
        var unfilled = new List<string>();
        foreach (var group in operations.GroupBy(o => PathTemplate.ParametersOf(o.Path).Count))
        {
            var work = new List<(ApiOperation Op, string Template, ObjectCandidate Candidate)>();
            foreach (var op in group)
            {
                var template = FullTemplate(op);
                var candidates = _catalog.CandidatesFor(template, _request.ObjectsPerIdentity);
                if (candidates.Count == 0) { unfilled.Add($"{op.Method} {op.Path}"); continue; }
                foreach (var c in candidates) work.Add((op, template, c));
            }
            await ForEachAsync(work, async item =>
            {
                var url = UrlOf(item.Candidate.Path);
                var owner = _identities.First(i => i.Name == item.Candidate.Owner);
                // The owner first: its answer is the reference, and the objects in it feed nested operations.
                var ownerAnswer = await _client.SendAsync(owner, "GET", url, _ct, template: item.Template).ConfigureAwait(false);
                _catalog.Record(owner.Name, item.Template, ownerAnswer);
                if (!ownerAnswer.IsSuccess || IsCatchAll(owner.Name, ownerAnswer))
                {
                    Note($"{item.Op.Method} {item.Op.Path}: the owner {owner.Name} was not answered with {item.Candidate.Property} {item.Candidate.Value} ({ownerAnswer.StatusCode}); the identifier does not fit this operation.");
                    return;
                }
                var others = await AskEveryoneAsync(url, item.Template, except: owner).ConfigureAwait(false);
                others.Insert(0, (owner, ownerAnswer));
                AddEntry(item.Op, item.Template, item.Candidate, others, privilegedReference: false);
            }, _request.Parallelism).ConfigureAwait(false);
        }
        if (unfilled.Count > 0)
        {
            _skipped += unfilled.Count;
            Note($"{unfilled.Count} operations were not requested: no identity was shown an identifier for their path parameters ({string.Join(", ", unfilled.Take(5))}{(unfilled.Count > 5 ? ", …" : "")}).");
        }
    }

    private async Task<List<(AuthIdentity Identity, Answer Answer)>> AskEveryoneAsync(Uri url, string template, AuthIdentity? except = null)
    {
        var asking = _identities.Where(i => i != except).ToList();
        var answers = new (AuthIdentity, Answer)[asking.Count];
        await ForEachAsync(Enumerable.Range(0, asking.Count).ToList(), async i =>
        {
            answers[i] = (asking[i], await _client.SendAsync(asking[i], "GET", url, _ct, template: template).ConfigureAwait(false));
        }, asking.Count).ConfigureAwait(false);
        return answers.ToList();
    }

    private void AddEntry(ApiOperation op, string template, ObjectCandidate? candidate, List<(AuthIdentity Identity, Answer Answer)> answers, bool privilegedReference)
    {
        string? reference = candidate?.Owner;
        if (privilegedReference)
            reference = answers.FirstOrDefault(a => a.Identity.IsPrivileged && a.Answer.IsSuccess && !IsCatchAll(a.Identity.Name, a.Answer)).Identity?.Name;
        var referenceShape = reference is null ? null : answers.First(a => a.Identity.Name == reference).Answer.Shape;
        bool listingRefused = false;
        if (candidate is not null)
            lock (_anonymousRefused) listingRefused = _anonymousRefused.TryGetValue(candidate.Object.SourceTemplate, out var refused) && refused;
        var entry = new MatrixEntry
        {
            Operation = op,
            Path = candidate?.Path ?? template,
            Object = candidate,
            Reference = reference,
            AdminOperation = Names.IsAdminPath(op.Path) || Names.IsAdminText(op.Summary) || Names.IsAdminText(op.OperationId),
            SecuredBySpecification = _request.Specification is not null && !op.AllowsAnonymous,
            ListingRefusesAnonymous = listingRefused,
        };
        foreach (var (identity, answer) in answers)
        {
            var catchAll = IsCatchAll(identity.Name, answer);
            double? similarity = referenceShape is null || identity.Name == reference || !answer.IsSuccess ? null : referenceShape.SimilarityTo(answer.Shape);
            var verdict = answer.StatusCode switch
            {
                0 => AuthorizationVerdict.Error,
                _ when identity.Name == reference => AuthorizationVerdict.Reference,
                >= 200 and < 300 when catchAll => AuthorizationVerdict.Denied,
                >= 200 and < 300 when similarity is { } s => s >= SameThreshold ? AuthorizationVerdict.Same : AuthorizationVerdict.Different,
                >= 200 and < 300 => AuthorizationVerdict.Allowed,
                >= 500 => AuthorizationVerdict.Error,
                _ => AuthorizationVerdict.Denied,
            };
            entry.Cells[identity.Name] = new MatrixCell
            {
                Identity = identity.Name, StatusCode = answer.StatusCode, Size = answer.Size, Similarity = similarity, Verdict = verdict,
                CatchAll = catchAll, HasObjectValue = candidate is not null && answer.IsSuccess && answer.Shape.HasValue(candidate.Value),
            };
        }
        lock (_entries) _entries.Add(entry);
    }

    private AuthorizationMatrix BuildMatrix(List<Finding> findings)
    {
        var names = _identities.Select(i => i.Name).ToArray();
        var rows = _entries
            .OrderBy(e => e.Object is null ? 0 : 1)
            .ThenBy(e => e.Operation.Path, StringComparer.Ordinal)
            .ThenBy(e => e.Path, StringComparer.Ordinal)
            .Select(e => new AuthorizationRow
            {
                Operation = $"{e.Operation.Method.ToUpperInvariant()} {e.Operation.Path}",
                Path = _scrubber.Scrub(e.Path),
                ObjectId = e.Object is null ? null : _scrubber.Scrub(e.Object.Value),
                Owner = e.Object?.Owner,
                Reference = e.Reference,
                Cells = names.Select(n => e.Cell(n) is { } c
                    ? new AuthorizationCell { Identity = n, StatusCode = c.StatusCode, Size = c.Size, Similarity = c.Similarity is { } s ? Math.Round(s, 3) : null, Verdict = c.Verdict }
                    : new AuthorizationCell { Identity = n, Verdict = AuthorizationVerdict.NotSent }).ToArray(),
            })
            .ToArray();
        return new AuthorizationMatrix
        {
            Url = _target,
            HostName = _base.IdnHost.Trim('[', ']').ToLowerInvariant(),
            Identities = names,
            PrivilegedIdentities = _identities.Where(i => i.IsPrivileged).Select(i => i.Name).ToArray(),
            Rows = rows,
            OperationCount = Math.Min(_request.Operations.Count, _request.MaxOperations) + Math.Max(0, _request.Operations.Count - _request.MaxOperations),
            SkippedOperationCount = _skipped,
            RequestCount = _client.RequestCount,
            Notes = _notes.Distinct().ToArray(),
            Findings = findings.OrderByDescending(f => f.Severity).ThenBy(f => f.RuleId, StringComparer.Ordinal).ThenBy(f => f.Location, StringComparer.Ordinal).ToArray(),
        };
    }

    private async Task ForEachAsync<T>(IReadOnlyList<T> items, Func<T, Task> work, int parallelism)
    {
        if (items.Count == 0) return;
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = _ct },
            async (item, _) => await work(item).ConfigureAwait(false)).ConfigureAwait(false);
    }
}
