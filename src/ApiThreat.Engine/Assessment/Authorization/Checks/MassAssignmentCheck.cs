using System.Globalization;
using System.Text.Json.Nodes;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Authorization.Checks;

/// <summary>
/// Mass assignment (-Active only): a lower identity creates two objects of its own with the same minimal body, one
/// plain (the control: what the server sets by itself) and one with privileged properties added (a role, administrator
/// flags, another identity as owner, an identifier of ours); reads the second back; and, where the API has an update
/// operation, updates the control with the same properties. A property is accepted when the object stores the value
/// sent and the control does not have it. Every object created is deleted afterwards (as its creator, or as the
/// identity it was reassigned to); what cannot be removed is named in the matrix's notes.
/// </summary>
public sealed class MassAssignmentCheck : IAsyncCheck<AuthorizationContext>
{
    private const int MaxCreates = 10;
    private static readonly string[] s_alwaysTried = { "role", "is_admin", "isAdmin" };

    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { AuthorizationRules.PrivilegedPropertyAccepted };

    public async Task<IReadOnlyList<Finding>> RunAsync(AuthorizationContext context, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        if (!context.Request.Active) return findings;
        var evidence = context.Evidence;
        var actor = evidence.Identities.FirstOrDefault(i => !i.IsAnonymous && !i.IsPrivileged) ?? evidence.Identities.FirstOrDefault(i => !i.IsAnonymous);
        if (actor is null) return findings;
        var operations = context.Request.Operations;
        var creates = operations
            .Where(o => o.Method.Equals("POST", StringComparison.OrdinalIgnoreCase) && !PathTemplate.HasParameters(o.Path)
                && !Names.IsAuthenticationPath(o.Path))
            .Take(MaxCreates).ToList();
        foreach (var create in creates)
        {
            var run = new Run(context, actor, create, cancellationToken);
            if (await run.ExecuteAsync().ConfigureAwait(false) is { } found) findings.AddRange(found);
        }
        return findings;
    }

    /// <summary>One create operation's test: its control, its probe, its update, its clean-up.</summary>
    private sealed class Run
    {
        private readonly AuthorizationContext _context;
        private readonly AuthIdentity _actor;
        private readonly ApiOperation _create;
        private readonly CancellationToken _ct;
        private readonly string _nonce = Guid.NewGuid().ToString("N")[..8];
        private readonly string _template;
        private readonly List<(string Path, HarvestedObject Object, string? ReassignedTo)> _created = new();

        public Run(AuthorizationContext context, AuthIdentity actor, ApiOperation create, CancellationToken ct)
        {
            _context = context;
            _actor = actor;
            _create = create;
            _ct = ct;
            _template = context.TemplateOf(create);
        }

        private AuthorizationEvidence Evidence => _context.Evidence;

        public async Task<List<Finding>?> ExecuteAsync()
        {
            try { return await TestAsync().ConfigureAwait(false); }
            finally { await CleanUpAsync().ConfigureAwait(false); }
        }

        private ApiOperation? ObjectOperation(params string[] methods)
        {
            foreach (var method in methods)
                foreach (var op in _context.Request.Operations)
                    if (op.Method.Equals(method, StringComparison.OrdinalIgnoreCase) && PathTemplate.Parse(op.Path) is { PrefixHasParameters: false } t
                        && PathTemplate.SameTemplate(t.Prefix, _create.Path)) return op;
            return null;
        }

        private async Task<List<Finding>?> TestAsync()
        {
            var spec = Evidence.Specification;
            var owned = Evidence.Catalog.OwnedBy(_actor.Name, _template);
            var requestSchema = RequestBodies.RequestSchema(spec, _create);
            var body = requestSchema is not null ? RequestBodies.FromSchema(requestSchema, _nonce) : owned is null ? null : RequestBodies.FromObject(owned, _nonce);
            var where = $"POST {_create.Path}";
            if (body is null)
            {
                _context.Note($"{where}: no body could be made (no request schema, and {_actor.Name} owns no object of it to copy); mass assignment not tested.");
                return null;
            }
            var get = ObjectOperation("GET");
            var update = ObjectOperation("PATCH", "PUT");

            // The properties this object has (or is said to have), and the privileged ones among them.
            var known = new Dictionary<string, Microsoft.OpenApi.IOpenApiSchema?>(StringComparer.Ordinal);
            foreach (var (name, s) in RequestBodies.Properties(requestSchema)) known.TryAdd(name, s);
            foreach (var (name, s) in RequestBodies.Properties(RequestBodies.ResponseSchema(spec, _create))) known.TryAdd(name, s);
            if (get is not null) foreach (var (name, s) in RequestBodies.Properties(RequestBodies.ResponseSchema(spec, get))) known.TryAdd(name, s);
            foreach (var name in owned?.Properties.Keys ?? Enumerable.Empty<string>()) if (!name.Contains('.')) known.TryAdd(name, null);

            var control = await CreateAsync(body).ConfigureAwait(false);
            if (control is null) return null;
            var privileged = Privileged(known, control.Value);
            if (privileged.Count == 0) return null;
            var findings = new List<Finding>();

            var probeBody = (JsonObject)body.DeepClone();
            foreach (var (name, value) in privileged) probeBody[name] = value?.DeepClone();
            var probe = await CreateAsync(probeBody, privileged).ConfigureAwait(false);
            if (probe is null)
            {
                // A strict API may refuse properties it does not know: try again with the known ones only.
                var declared = privileged.Where(p => known.ContainsKey(p.Key)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
                if (declared.Count > 0 && declared.Count < privileged.Count)
                {
                    probeBody = (JsonObject)body.DeepClone();
                    foreach (var (name, value) in declared) probeBody[name] = value?.DeepClone();
                    privileged = declared;
                    probe = await CreateAsync(probeBody, privileged).ConfigureAwait(false);
                }
            }
            if (probe is not null)
            {
                var (stored, readBack) = await ReadBackAsync(get, probe.Value.Object, probe.Value.Path).ConfigureAwait(false);
                var accepted = Accepted(privileged, stored, control.Value.Object);
                if (accepted.Count > 0)
                    findings.Add(AuthorizationRules.PrivilegedPropertyAccepted.ToFinding(Evidence.Target,
                        $"{_actor.Name} created an object with {Describe(accepted)} and {(readBack ? $"reading it back (GET {get!.Path})" : "the answer")} shows {(accepted.Count == 1 ? "it" : "them")} stored; the same create without {(accepted.Count == 1 ? "it" : "them")} got {Describe(accepted.Keys, control.Value.Object)}.",
                        readBack ? Confidence.Confirmed : Confidence.Firm, DetectionMethod.Active, location: where,
                        title: $"{_actor.Name} can set {string.Join(", ", accepted.Keys)} when creating (mass assignment)"));
            }

            if (update is not null && IdOf(control.Value.Object) is { } id && PathTemplate.Parse(update.Path) is { } t)
            {
                var path = t.Fill(_template.TrimEnd('/'), id);
                var updateBody = update.Method.Equals("PATCH", StringComparison.OrdinalIgnoreCase) ? new JsonObject() : (JsonObject)body.DeepClone();
                var settable = privileged.Where(p => !Names.IdProperties.Contains(p.Key)).ToList(); // changing the id would lose the object
                foreach (var (name, value) in settable) updateBody[name] = value?.DeepClone();
                var answer = await _context.Client.SendAsync(_actor, update.Method.ToUpperInvariant(), _context.UrlOf(path), _ct,
                    body: updateBody.ToJsonString(), template: _template).ConfigureAwait(false);
                var reassigned = settable.FirstOrDefault(p => Names.IsOwnerKey(p.Key)).Value?.ToString();
                if (answer.IsSuccess)
                {
                    var index = _created.FindIndex(c => c.Path == control.Value.Path);
                    if (index >= 0 && reassigned is not null) _created[index] = (_created[index].Path, _created[index].Object, reassigned);
                    var fallback = answer.Objects.FirstOrDefault() ?? control.Value.Object;
                    var (stored, readBack) = await ReadBackAsync(get, fallback, path).ConfigureAwait(false);
                    var accepted = Accepted(settable.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal), stored, control.Value.Object);
                    if (accepted.Count > 0)
                        findings.Add(AuthorizationRules.PrivilegedPropertyAccepted.ToFinding(Evidence.Target,
                            $"{_actor.Name} updated its own object ({update.Method.ToUpperInvariant()} {path}) with {Describe(accepted)} and {(readBack ? $"reading it back (GET {get!.Path})" : "the answer")} shows {(accepted.Count == 1 ? "it" : "them")} stored; it had {Describe(accepted.Keys, control.Value.Object)}.",
                            readBack ? Confidence.Confirmed : Confidence.Firm, DetectionMethod.Active, location: $"{update.Method.ToUpperInvariant()} {update.Path}",
                            title: $"{_actor.Name} can set {string.Join(", ", accepted.Keys)} when updating (mass assignment)"));
                }
            }
            return findings;
        }

        /// <summary>The privileged properties to try, with the value to send: declared or seen ones, and a role/admin flag always.</summary>
        private Dictionary<string, JsonNode?> Privileged(Dictionary<string, Microsoft.OpenApi.IOpenApiSchema?> known, (string Path, HarvestedObject Object) control)
        {
            var tried = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            foreach (var (name, schema) in known)
            {
                var observed = control.Object.Get(name);
                if (RequestBodies.IsPrivileged(name)) tried[name] = RequestBodies.PrivilegedValue(name, schema, observed);
                else if (Names.IsOwnerKey(name) && !name.Contains('.') && AnotherIdentity(observed) is { } other) tried[name] = other;
                else if (name is "id" or "_id" && observed is not null)
                    tried[name] = long.TryParse(observed, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) ? 987_654_321 : $"atr-{_nonce}";
            }
            foreach (var name in s_alwaysTried)
                if (!tried.Keys.Any(k => Names.Normalize(k) == Names.Normalize(name))) tried[name] = RequestBodies.PrivilegedValue(name, null, null);
            return tried;
        }

        /// <summary>A value naming another authenticated identity, of the kind the owner property holds (a number or a name).</summary>
        private string? AnotherIdentity(string? observed)
        {
            var numeric = observed is not null && long.TryParse(observed, NumberStyles.Integer, CultureInfo.InvariantCulture, out _);
            foreach (var other in Evidence.Identities.Where(i => !i.IsAnonymous && i.Name != _actor.Name))
            {
                var markers = Evidence.Catalog.MarkersOf(other.Name)
                    .Where(m => long.TryParse(m, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) == numeric && !Guid.TryParse(m, out _))
                    .OrderBy(m => m.Length).ToList();
                if (markers.Count > 0) return markers[0];
            }
            return null;
        }

        private async Task<(string Path, HarvestedObject Object)?> CreateAsync(JsonObject body, Dictionary<string, JsonNode?>? privileged = null)
        {
            var answer = await _context.Client.SendAsync(_actor, "POST", _context.UrlOf(_template), _ct, body: body.ToJsonString(), template: _template).ConfigureAwait(false);
            if (!answer.IsSuccess)
            {
                if (privileged is null)
                    _context.Note($"POST {_create.Path} as {_actor.Name} was answered {(answer.StatusCode == 0 ? answer.Failure : answer.StatusCode.ToString(CultureInfo.InvariantCulture))}; mass assignment not tested.");
                return null;
            }
            var created = answer.Objects.FirstOrDefault(o => o.SourcePath == _template) ?? answer.Objects.FirstOrDefault();
            var path = answer.Location is { } location && Uri.TryCreate(_context.UrlOf(_template), location, out var url) && url.Authority == _context.Evidence.BaseUrl.Authority
                ? url.AbsolutePath
                : created is not null && IdOf(created) is { } id && ObjectOperation("GET", "DELETE", "PATCH", "PUT") is { } op && PathTemplate.Parse(op.Path) is { } t
                    ? t.Fill(_template.TrimEnd('/'), id) : null;
            if (created is null)
            {
                if (path is not null) _created.Add((path, new HarvestedObject { Identity = _actor.Name, SourceTemplate = "", SourcePath = path, Properties = new Dictionary<string, string>(), Created = true }, null));
                _context.Note($"POST {_create.Path} as {_actor.Name} did not answer with the object it created; mass assignment not judged.");
                return null;
            }
            var reassigned = privileged?.FirstOrDefault(p => Names.IsOwnerKey(p.Key)).Value?.ToString();
            if (path is not null) _created.Add((path, created, reassigned));
            else _context.Note($"POST {_create.Path} as {_actor.Name} created an object whose address is unknown (no Location, no identifier); it could not be removed.");
            return (path ?? _template, created);
        }

        private async Task<(HarvestedObject Stored, bool ReadBack)> ReadBackAsync(ApiOperation? get, HarvestedObject answered, string path)
        {
            if (get is null || path == _template) return (answered, false);
            var answer = await _context.Client.SendAsync(_actor, "GET", _context.UrlOf(path), _ct, template: _template).ConfigureAwait(false);
            return answer.IsSuccess && answer.Objects.FirstOrDefault() is { } read ? (read, true) : (answered, false);
        }

        private static Dictionary<string, string> Accepted(Dictionary<string, JsonNode?> sent, HarvestedObject stored, HarvestedObject control)
        {
            var accepted = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, value) in sent)
            {
                var text = Text(value);
                if (text is null || stored.Get(name) is not { } got || !string.Equals(got, text, StringComparison.OrdinalIgnoreCase)) continue;
                if (string.Equals(control.Get(name), text, StringComparison.OrdinalIgnoreCase)) continue; // the server's own value anyway
                accepted[name] = text;
            }
            return accepted;
        }

        private static string? Text(JsonNode? value) => value switch
        {
            null => null,
            JsonArray a => string.Join(",", a.Select(x => x?.ToString())),
            JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
            _ => value.ToString(),
        };

        private static string Describe(Dictionary<string, string> values) => string.Join(", ", values.Select(v => $"{v.Key}={v.Value}"));

        private static string Describe(IEnumerable<string> names, HarvestedObject control) =>
            string.Join(", ", names.Select(n => $"{n}={control.Get(n) ?? "(absent)"}"));

        private static string? IdOf(HarvestedObject o)
        {
            foreach (var p in Names.IdProperties) if (o.Get(p) is { } v) return v;
            return null;
        }

        /// <summary>Deletes what this test created, as its creator, else as the identity it was made to belong to.</summary>
        private async Task CleanUpAsync()
        {
            var left = new List<string>();
            foreach (var (path, _, reassigned) in _created)
            {
                var url = _context.UrlOf(path);
                var answer = await _context.Client.SendAsync(_actor, "DELETE", url, CancellationToken.None, harvest: false).ConfigureAwait(false);
                if (!answer.IsSuccess && reassigned is not null
                    && Evidence.Identities.FirstOrDefault(i => !i.IsAnonymous && Evidence.Catalog.MarkersOf(i.Name).Contains(reassigned)) is { } owner)
                    answer = await _context.Client.SendAsync(owner, "DELETE", url, CancellationToken.None, harvest: false).ConfigureAwait(false);
                if (!answer.IsSuccess) left.Add($"{path} (DELETE answered {(answer.StatusCode == 0 ? answer.Failure : answer.StatusCode.ToString(CultureInfo.InvariantCulture))})");
            }
            if (_created.Count > 0)
                _context.Note($"POST {_create.Path}: {_actor.Name} created {_created.Count} objects and removed {_created.Count - left.Count}" +
                    (left.Count > 0 ? $"; left behind: {string.Join(", ", left)}" : "."));
        }
    }
}
