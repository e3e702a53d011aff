namespace ApiThreat.Engine.Assessment.Authorization;

/// <summary>Why an object is taken to belong to an identity.</summary>
public enum Ownership
{
    /// <summary>The identity made it during this run (-Active).</summary>
    Created,
    /// <summary>An owner property (owner, user_id, author, owner.username...) names the identity.</summary>
    OwnerField,
    /// <summary>Only this identity was shown it, where the others asked the same thing and got other objects.</summary>
    Visibility,
}

/// <summary>A path an operation can be requested with: its parameters filled with one object's identifier.</summary>
public sealed record ObjectCandidate(string Path, string Value, string Property, string Owner, Ownership Basis, HarvestedObject Object);

/// <summary>
/// Everything harvested from the identities' own answers: the objects, the values that name each identity (token
/// claims, "who am I" answers, its login name), and which identity could read which listing. From these it says whose
/// an object is, and fills an operation's path parameters with identifiers the identities were really shown:
/// identifiers are harvested, never guessed.
/// </summary>
public sealed class ObjectCatalog
{
    private const int MaxObjects = 20_000;
    private readonly object _gate = new();
    private readonly List<HarvestedObject> _objects = new();
    private readonly Dictionary<string, HashSet<string>> _markers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _succeeded = new(StringComparer.Ordinal);
    // Who was shown each identifier in each listing ("path\nproperty\nvalue"), anonymous included.
    private readonly Dictionary<string, HashSet<string>> _shownTo = new(StringComparer.Ordinal);
    private readonly HashSet<string> _identities;

    public ObjectCatalog(IEnumerable<string> authenticatedIdentities)
    {
        _identities = new HashSet<string>(authenticatedIdentities, StringComparer.Ordinal);
        foreach (var i in _identities) _markers[i] = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
    }

    public int Count { get { lock (_gate) return _objects.Count; } }

    public void AddMarkers(string identity, IEnumerable<string> values)
    {
        lock (_gate)
        {
            if (!_markers.TryGetValue(identity, out var set)) return;
            foreach (var v in values) if (!string.IsNullOrWhiteSpace(v) && v.Length <= 256) set.Add(v.Trim());
        }
    }

    public IReadOnlySet<string> MarkersOf(string identity)
    {
        lock (_gate) return _markers.TryGetValue(identity, out var set) ? new HashSet<string>(set, StringComparer.OrdinalIgnoreCase) : new HashSet<string>();
    }

    /// <summary>Records an identity's answer to a listing or read: that it succeeded there, and the objects it was shown.</summary>
    public void Record(string identity, string path, Answer answer)
    {
        lock (_gate)
        {
            if (answer.IsSuccess)
            {
                if (!_succeeded.TryGetValue(path, out var who)) _succeeded[path] = who = new HashSet<string>(StringComparer.Ordinal);
                who.Add(identity);
            }
            foreach (var o in answer.Objects)
            {
                if (_objects.Count >= MaxObjects) break;
                _objects.Add(o);
                if (IdentifyingProperty(o) is not { } key) continue;
                var shown = ShownKey(o.SourcePath, key, o.Properties[key]);
                if (!_shownTo.TryGetValue(shown, out var to)) _shownTo[shown] = to = new HashSet<string>(StringComparer.Ordinal);
                to.Add(identity);
            }
        }
    }

    /// <summary>An object of <paramref name="identity"/> from the listing <paramref name="template"/> (to copy a body from).</summary>
    public HarvestedObject? OwnedBy(string identity, string template)
    {
        List<HarvestedObject> snapshot;
        lock (_gate) snapshot = _objects.Where(o => o.Identity == identity && PathTemplate.SameTemplate(o.SourceTemplate, template)).ToList();
        return snapshot.FirstOrDefault(o => OwnerOf(o)?.Owner == identity);
    }

    public void AddCreated(HarvestedObject o)
    {
        lock (_gate) if (_objects.Count < MaxObjects) _objects.Add(o);
    }

    /// <summary>Whose the object is, and why; null when nothing says, or two identities could claim it.</summary>
    public (string Owner, Ownership Basis)? OwnerOf(HarvestedObject o)
    {
        if (o.Created) return (o.Identity, Ownership.Created);
        lock (_gate)
        {
            string? owner = null;
            foreach (var (name, value) in o.Properties)
            {
                if (!Names.IsOwnerKey(name)) continue;
                foreach (var (identity, markers) in _markers)
                {
                    if (!markers.Contains(value)) continue;
                    if (owner is not null && owner != identity) return null; // names two identities: a message between them, a share
                    owner = identity;
                }
            }
            if (owner is not null) return (owner, Ownership.OwnerField);
            return VisibilityOwner(o);
        }
    }

    /// <summary>The one authenticated identity shown this object, when every other authenticated identity read the same listing and was not.</summary>
    private (string, Ownership)? VisibilityOwner(HarvestedObject o)
    {
        var key = IdentifyingProperty(o);
        if (key is null || !_identities.Contains(o.Identity)) return null;
        var value = o.Properties[key];
        if (!_succeeded.TryGetValue(o.SourcePath, out var readers)) return null;
        foreach (var other in _identities)
            if (other != o.Identity && !readers.Contains(other)) return null; // the other could not read the listing at all: absence says nothing
        // Someone else (anonymous too) was shown it: it is not private to this identity.
        if (_shownTo.TryGetValue(ShownKey(o.SourcePath, key, value), out var shownTo) && shownTo.Count > 1) return null;
        return (o.Identity, Ownership.Visibility);
    }

    private static string ShownKey(string path, string property, string value) => path + "\n" + property + "\n" + value;

    private static string? IdentifyingProperty(HarvestedObject o)
    {
        foreach (var p in Names.IdProperties) if (o.Properties.ContainsKey(p)) return p;
        return null;
    }

    /// <summary>
    /// Paths that fill <paramref name="template"/>'s last path parameter with identifiers of owned objects: up to
    /// <paramref name="perOwner"/> per owning identity, its own creations first, then objects its owner field names,
    /// then objects only it could see.
    /// </summary>
    public IReadOnlyList<ObjectCandidate> CandidatesFor(string template, int perOwner)
    {
        var t = PathTemplate.Parse(template);
        if (t is null) return Array.Empty<ObjectCandidate>();
        var found = new List<ObjectCandidate>();
        List<HarvestedObject> snapshot;
        lock (_gate) snapshot = _objects.ToList();
        var seen = new HashSet<(string, string)>();
        foreach (var o in snapshot)
        {
            string? property = null;
            string? path = null;
            if (PathTemplate.SameTemplate(o.SourceTemplate, t.Prefix))
            {
                property = MatchProperty(o, t.Parameter, generic: true);
                if (property is not null) path = t.Fill(o.SourcePath, o.Properties[property]);
            }
            else if (!t.PrefixHasParameters && !Names.IsGenericIdParameter(t.Parameter))
            {
                property = MatchProperty(o, t.Parameter, generic: false);
                if (property is not null) path = t.Fill(t.Prefix, o.Properties[property]);
            }
            else if (o.Created && o.SourceTemplate.Length == 0 && PathTemplate.SameTemplate(t.Prefix, ParentOf(o.SourcePath)))
            {
                // A created object's Location (/notes/17/): its last segment is the identifier.
                property = "Location";
                path = t.Fill(ParentOf(o.SourcePath), LastSegment(o.SourcePath));
            }
            if (property is null || path is null) continue;
            var owner = OwnerOf(o);
            if (owner is null) continue;
            var value = property == "Location" ? LastSegment(o.SourcePath) : o.Properties[property];
            if (!seen.Add((owner.Value.Owner, value))) continue;
            found.Add(new ObjectCandidate(path, value, property, owner.Value.Owner, owner.Value.Basis, o));
        }
        return found
            .GroupBy(c => c.Owner, StringComparer.Ordinal)
            .SelectMany(g => g.OrderBy(c => c.Basis).Take(perOwner))
            .ToList();
    }

    private static string? MatchProperty(HarvestedObject o, string parameter, bool generic)
    {
        var wanted = Names.Normalize(parameter);
        foreach (var name in o.Properties.Keys)
            if (!name.Contains('.') && Names.Normalize(name) == wanted) return name;
        if (!generic) return null;
        if (Names.IsGenericIdParameter(parameter) || wanted.EndsWith("id", StringComparison.Ordinal) || wanted.EndsWith("uuid", StringComparison.Ordinal))
            foreach (var p in Names.IdProperties) if (o.Properties.ContainsKey(p)) return p;
        return null;
    }

    private static string ParentOf(string path)
    {
        var trimmed = path.TrimEnd('/');
        var slash = trimmed.LastIndexOf('/');
        return slash <= 0 ? "/" : trimmed[..slash];
    }

    private static string LastSegment(string path)
    {
        var trimmed = path.TrimEnd('/');
        return Uri.UnescapeDataString(trimmed[(trimmed.LastIndexOf('/') + 1)..]);
    }
}
