using ApiThreat.Engine.Rules;
using Microsoft.OpenApi;

namespace ApiThreat.Engine.Specs.Checks;

/// <summary>
/// Parameters and request-body properties that take a URL (by name or uri format): server-side request forgery and
/// open-redirect candidates. Request bodies are searched through their references, pruned by
/// <see cref="UrlReachability"/>, so an operation costs what its URL-bearing branches cost, not the whole model.
/// </summary>
internal sealed class UrlInputCheck : ICheck<SpecEvidence>
{
    private const int MaxDepth = 8;

    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { SpecRules.UrlParameter };

    public IEnumerable<Finding> Run(SpecEvidence evidence)
    {
        var findings = new LocatedFindings(evidence.Target);
        var reach = new UrlReachability(evidence.Document);
        foreach (var op in evidence.Operations)
        {
            if (evidence.OutOfTime) break;
            var urls = op.NamedParameters()
                .Where(p => p.In is not ParameterLocation.Header && (SpecNames.IsUrl(p.Name) || (p.Schema is not null && SpecNames.IsUrlFormat(p.Schema))))
                .Select(p => p.Name).ToList();
            if (urls.Count > 0) findings.Add(SpecRules.UrlParameter, op.Location, "parameters " + string.Join(", ", urls));
            foreach (var (_, schema) in op.RequestSchemas())
            {
                var found = new List<string>();
                Collect(evidence, reach, schema, "", found, 0, new HashSet<IOpenApiSchema>(ReferenceEqualityComparer.Instance));
                if (found.Count > 0) findings.Add(SpecRules.UrlParameter, op.Location, "request properties " + string.Join(", ", found.Take(ListedFindings.MaxListed)));
            }
        }
        return findings.List;
    }

    private static void Collect(SpecEvidence evidence, UrlReachability reach, IOpenApiSchema schema, string prefix, List<string> found, int depth, HashSet<IOpenApiSchema> seen)
    {
        if (depth > MaxDepth || found.Count > ListedFindings.MaxListed || !seen.Add(schema) || evidence.OutOfTime) return;
        try
        {
            foreach (var (name, property) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
            {
                if (property is null) continue;
                if (SpecNames.IsUrl(name) || SpecNames.IsUrlFormat(property)) found.Add(prefix + name);
                if (reach.MayReach(property)) Collect(evidence, reach, property, prefix + name + ".", found, depth + 1, seen);
            }
            foreach (var part in SpecNames.Parts(schema))
                if (part is not null && reach.MayReach(part)) Collect(evidence, reach, part, prefix, found, depth + 1, seen);
            if (schema.Items is { } items && reach.MayReach(items)) Collect(evidence, reach, items, prefix + "[].", found, depth + 1, seen);
        }
        catch (Exception ex) when (ex is InvalidOperationException or NullReferenceException) { }
    }
}

/// <summary>
/// Which component schemas can lead to a URL-taking property at all (through properties, allOf/oneOf/anyOf and
/// items, following references): computed once per document over the component graph, so the search skips a
/// referenced model with nothing to find instead of walking it again for every operation.
/// </summary>
internal sealed class UrlReachability
{
    private readonly HashSet<string> _barren = new(StringComparer.Ordinal);

    public UrlReachability(OpenApiDocument document)
    {
        var components = document.Components?.Schemas;
        if (components is null) return;
        var fertile = new HashSet<string>(StringComparer.Ordinal);
        var referrers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (id, schema) in components)
        {
            var references = new List<string>();
            if (schema is null || Inspect(schema, references, new HashSet<IOpenApiSchema>(ReferenceEqualityComparer.Instance)))
            {
                fertile.Add(id);
                continue;
            }
            foreach (var target in references)
            {
                // A reference outside the components cannot be judged: assume it may lead somewhere.
                if (!components.ContainsKey(target)) { fertile.Add(id); break; }
                if (!referrers.TryGetValue(target, out var list)) referrers[target] = list = new List<string>();
                list.Add(id);
            }
        }
        // Whatever references a fertile schema is fertile too.
        var queue = new Queue<string>(fertile);
        while (queue.Count > 0)
            foreach (var referrer in referrers.GetValueOrDefault(queue.Dequeue()) ?? new List<string>())
                if (fertile.Add(referrer)) queue.Enqueue(referrer);
        foreach (var id in components.Keys)
            if (!fertile.Contains(id)) _barren.Add(id);
    }

    /// <summary>False only for a reference to a component from which no URL-taking property can be reached.</summary>
    public bool MayReach(IOpenApiSchema schema) =>
        schema is not OpenApiSchemaReference { Reference.Id: { } id } || !_barren.Contains(id);

    /// <summary>True when the schema's own tree holds a URL-taking property; collects the components it references.</summary>
    private static bool Inspect(IOpenApiSchema schema, List<string> references, HashSet<IOpenApiSchema> seen)
    {
        if (schema is OpenApiSchemaReference reference)
        {
            if (reference.Reference?.Id is not { } id) return true;
            references.Add(id);
            return false;
        }
        if (!seen.Add(schema)) return false;
        try
        {
            foreach (var (name, property) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
            {
                if (property is null) continue;
                if (SpecNames.IsUrl(name) || SpecNames.IsUrlFormat(property) || Inspect(property, references, seen)) return true;
            }
            foreach (var part in SpecNames.Parts(schema))
                if (part is not null && Inspect(part, references, seen)) return true;
            return schema.Items is { } items && Inspect(items, references, seen);
        }
        catch (Exception ex) when (ex is InvalidOperationException or NullReferenceException) { return true; }
    }
}
