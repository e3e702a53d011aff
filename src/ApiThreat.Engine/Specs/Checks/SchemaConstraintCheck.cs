using ApiThreat.Engine.Rules;
using Microsoft.OpenApi;

namespace ApiThreat.Engine.Specs.Checks;

/// <summary>
/// Unbounded or unconstrained input and output: strings without maxLength or format/pattern, arrays without maxItems,
/// integers without bounds or format, request objects open to undeclared properties (mass assignment). Each schema is
/// walked once (a component reached by reference is checked once, under its own location, so a model used by fifty
/// operations gives one finding), within a node budget; findings are grouped per rule and owner.
/// </summary>
internal sealed class SchemaConstraintCheck : ICheck<SpecEvidence>
{
    private const int SchemaBudget = 200_000;
    private const int MaxDepth = 64;

    private static readonly HashSet<string> s_boundedFormats = new(StringComparer.OrdinalIgnoreCase)
    {
        "date", "date-time", "time", "uuid", "ipv4", "ipv6", "byte", "int32", "int64", "duration", "email", "hostname",
    };

    public IReadOnlyList<ThreatRule> Rules { get; } = new[]
    {
        SpecRules.UnboundedString, SpecRules.UnrestrictedString, SpecRules.UnboundedArray, SpecRules.UnboundedInteger,
        SpecRules.IntegerFormat, SpecRules.OpenAdditionalProperties,
    };

    public IEnumerable<Finding> Run(SpecEvidence evidence) => new Walk(evidence).Run();

    private sealed class Walk
    {
        private readonly SpecEvidence _evidence;
        private readonly ListedFindings _findings;
        private readonly HashSet<string> _visitedComponents = new(StringComparer.Ordinal);
        private int _budget = SchemaBudget;

        public Walk(SpecEvidence evidence)
        {
            _evidence = evidence;
            _findings = new ListedFindings(evidence.Target);
        }

        public List<Finding> Run()
        {
            foreach (var op in _evidence.Operations)
            {
                if (_evidence.OutOfTime) return _findings.List;
                foreach (var (name, _, schema) in op.NamedParameters())
                    if (schema is not null) Schema(schema, op.Location, $"parameter {name}", inRequestBody: false, depth: 0);
                foreach (var (type, schema) in op.RequestSchemas())
                    Schema(schema, op.Location, $"request body ({type})", inRequestBody: true, depth: 0);
                foreach (var (code, type, schema) in op.ResponseSchemas())
                    Schema(schema, op.Location, $"response {code} ({type})", inRequestBody: false, depth: 0);
            }
            foreach (var (name, schema) in _evidence.Document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>())
            {
                if (schema is null || !_visitedComponents.Add(name)) continue;
                Schema(schema, $"#/components/schemas/{name}", "", inRequestBody: false, depth: 0);
            }
            return _findings.List;
        }

        /// <summary>
        /// Checks one schema and its sub-schemas. Request-body context is kept through references: mass assignment is
        /// about what the server binds, so a component is visited once as a body and once otherwise.
        /// </summary>
        private void Schema(IOpenApiSchema schema, string owner, string pointer, bool inRequestBody, int depth)
        {
            if (--_budget < 0 || depth > MaxDepth || _evidence.OutOfTime) return;
            if (schema is OpenApiSchemaReference reference && reference.Reference?.Id is { } id)
            {
                if (!_visitedComponents.Add(inRequestBody ? "body:" + id : id)) return;
                IOpenApiSchema? target;
                try { target = reference.Target; }
                catch (Exception ex) when (ex is InvalidOperationException or NullReferenceException) { return; }
                if (target is null || ReferenceEquals(target, schema)) return;
                Schema(target, $"#/components/schemas/{id}", "", inRequestBody, depth + 1);
                return;
            }

            Constraints(schema, owner, pointer.Length == 0 ? "(root)" : pointer, inRequestBody);

            IDictionary<string, IOpenApiSchema>? properties;
            try { properties = schema.Properties; } catch (Exception ex) when (ex is InvalidOperationException or NullReferenceException) { return; }
            foreach (var (name, property) in properties ?? new Dictionary<string, IOpenApiSchema>())
                if (property is not null) Schema(property, owner, Join(pointer, name), inRequestBody, depth + 1);
            if (schema.Items is { } items) Schema(items, owner, Join(pointer, "[]"), inRequestBody, depth + 1);
            if (schema.AdditionalProperties is { } additional) Schema(additional, owner, Join(pointer, "{}"), inRequestBody, depth + 1);
            foreach (var part in SpecNames.Parts(schema))
                if (part is not null) Schema(part, owner, pointer, inRequestBody, depth + 1);
        }

        private void Constraints(IOpenApiSchema schema, string owner, string at, bool inRequestBody)
        {
            if (schema.Type is not { } t) return;
            var enumerated = schema.Enum is { Count: > 0 } || schema.Const is not null;
            if ((t & JsonSchemaType.String) != 0 && !enumerated)
            {
                if (schema.MaxLength is null && !(schema.Format is { } format && s_boundedFormats.Contains(format)))
                    _findings.Add(SpecRules.UnboundedString, owner, at);
                if (schema.Format is null && schema.Pattern is null)
                    _findings.Add(SpecRules.UnrestrictedString, owner, at);
            }
            if ((t & JsonSchemaType.Array) != 0 && schema.MaxItems is null)
                _findings.Add(SpecRules.UnboundedArray, owner, at);
            if ((t & JsonSchemaType.Integer) != 0 && !enumerated)
            {
                if ((schema.Maximum is null && schema.ExclusiveMaximum is null) || (schema.Minimum is null && schema.ExclusiveMinimum is null))
                    _findings.Add(SpecRules.UnboundedInteger, owner, at);
                if (schema.Format is null || !(schema.Format.Equals("int32", StringComparison.OrdinalIgnoreCase) || schema.Format.Equals("int64", StringComparison.OrdinalIgnoreCase)))
                    _findings.Add(SpecRules.IntegerFormat, owner, at);
            }
            if (inRequestBody && (t & JsonSchemaType.Object) != 0 && schema.MaxProperties is null && IsOpen(schema))
                _findings.Add(SpecRules.OpenAdditionalProperties, owner, at);
        }

        /// <summary>
        /// An object that declares properties yet accepts others: additionalProperties absent, true or a schema, and
        /// no unevaluatedProperties: false (3.1; the model reads it as true unless the document says false).
        /// Free-form maps without declared properties are not models to bind.
        /// </summary>
        private static bool IsOpen(IOpenApiSchema schema) =>
            schema.Properties is { Count: > 0 } && schema.AdditionalPropertiesAllowed && schema.UnevaluatedProperties;

        private static string Join(string pointer, string name) => pointer.Length == 0 ? name : pointer + "." + name;
    }
}
