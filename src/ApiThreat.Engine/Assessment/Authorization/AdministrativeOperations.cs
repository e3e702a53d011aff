using ApiThreat.Engine.Specs;

namespace ApiThreat.Engine.Assessment.Authorization;

/// <summary>
/// Which operations only a privileged identity should reach: their path (/admin/...), their summary or operation id,
/// and, from the specification, their tags and the scopes they require. A scope counts only when some operations of
/// the document do not require it: a scope every operation needs says nothing about privilege.
/// </summary>
public sealed class AdministrativeOperations
{
    private readonly SpecDocument? _spec;
    private readonly HashSet<string> _distinctiveScopes = new(StringComparer.Ordinal);

    public AdministrativeOperations(SpecDocument? spec)
    {
        _spec = spec;
        if (spec is null) return;
        var perOperation = spec.Operations.Select(op => ScopesOf(op).ToHashSet(StringComparer.Ordinal)).ToList();
        foreach (var scope in perOperation.SelectMany(s => s).Distinct(StringComparer.Ordinal))
            if (Names.IsAdminText(scope) && perOperation.Any(s => !s.Contains(scope)))
                _distinctiveScopes.Add(scope);
    }

    public bool IsAdministrative(ApiOperation op)
    {
        if (Names.IsAdminPath(op.Path) || Names.IsAdminText(op.Summary) || Names.IsAdminText(op.OperationId)) return true;
        if (_spec is null) return false;
        if (ScopesOf(op).Any(_distinctiveScopes.Contains)) return true;
        var operation = RequestBodies.Find(_spec, op);
        return operation?.Tags?.Any(t => Names.IsAdminText(t.Name)) == true;
    }

    /// <summary>The scopes the operation's own security requirements name (OAuth2 / OpenID Connect scopes, roles).</summary>
    private IEnumerable<string> ScopesOf(ApiOperation op)
    {
        var operation = RequestBodies.Find(_spec, op);
        if (operation?.Security is not { } requirements) yield break;
        foreach (var requirement in requirements)
            foreach (var scopes in requirement.Values)
                foreach (var scope in scopes ?? new List<string>())
                    if (!string.IsNullOrEmpty(scope)) yield return scope;
    }
}
