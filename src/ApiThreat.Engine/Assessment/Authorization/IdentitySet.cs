namespace ApiThreat.Engine.Assessment.Authorization;

/// <summary>
/// The identities of one authorization test as the caller named them: each name checked once (plain, not anonymous,
/// not twice), each marked privileged by -PrivilegedIdentity or by its name, and the set checked as a whole. Every
/// rule breaks with an <see cref="ArgumentException"/> whose message names the parameter and the fix.
/// </summary>
public sealed class IdentitySet
{
    private readonly List<AuthIdentity> _identities = new();
    private readonly HashSet<string>? _privileged;

    public IdentitySet(IEnumerable<string>? privileged) =>
        _privileged = privileged is null ? null : new HashSet<string>(privileged, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<AuthIdentity> Identities => _identities;

    /// <summary>The trimmed name, or an ArgumentException saying why it cannot name an identity.</summary>
    public string CheckName(string? name)
    {
        name = name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Equals(AuthIdentity.AnonymousName, StringComparison.OrdinalIgnoreCase) || name.Any(char.IsControl))
            throw new ArgumentException($"-Identity has an invalid name '{name}': use a plain name other than '{AuthIdentity.AnonymousName}' (the identity without credentials is always tested).");
        if (_identities.Any(i => i.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
            throw new ArgumentException($"-Identity names '{name}' twice.");
        return name;
    }

    public bool IsPrivileged(string name) => _privileged?.Contains(name) ?? AuthIdentity.LooksPrivileged(name);

    public void Add(AuthIdentity identity) => _identities.Add(identity);

    /// <summary>Checks the whole set; returns the warning a single identity deserves, else null.</summary>
    public string? Complete()
    {
        if (_identities.Count == 0)
            throw new ArgumentException("-Identity is empty: give at least two identities, e.g. @{ alice = @{ Authorization = 'Bearer …' }; bob = … }.");
        foreach (var p in _privileged ?? Enumerable.Empty<string>())
            if (!_identities.Any(i => i.Name.Equals(p, StringComparison.OrdinalIgnoreCase)))
                throw new ArgumentException($"-PrivilegedIdentity '{p}' is not one of the -Identity names ({string.Join(", ", _identities.Select(i => i.Name))}).");
        return _identities.Count(i => !i.IsPrivileged) < 2 && _identities.Count < 2
            ? "Only one identity: objects are compared with the anonymous identity only. Give two or more identities to test object-level authorization between users."
            : null;
    }
}
