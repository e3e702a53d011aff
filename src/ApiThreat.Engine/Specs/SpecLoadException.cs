using ApiThreat.Engine.Net;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Specs;

/// <summary>A document could not be read as OpenAPI/Swagger: too large, too deep, too slow, or not a spec at all.</summary>
public sealed class SpecLoadException : TargetException
{
    public SpecLoadException(string source, string errorId, string message, string? recommendedAction = null, Exception? inner = null)
        : base(source, errorId, errorId == "SpecTimeout" ? TargetErrorKind.Timeout : TargetErrorKind.InvalidData, message,
            recommendedAction ?? "Check that the document is an OpenAPI 2.0, 3.0 or 3.1 description in JSON or YAML.", inner)
    {
    }

    /// <summary>
    /// SpecMalformed for what the OpenAPI model throws on odd documents, with what it means rather than the bare
    /// exception text: a circular $ref, or an empty (null) value where an object is required.
    /// </summary>
    public static SpecLoadException Malformed(string source, string verb, Exception ex)
    {
        var why = ex switch
        {
            InvalidOperationException when ex.Message.Contains("Circular reference", StringComparison.OrdinalIgnoreCase) =>
                $"a $ref leads back to itself ({TextSafety.Truncate(ex.Message, 200)})",
            NullReferenceException => "it leaves a value empty (null) where OpenAPI requires an object",
            _ => TextSafety.Truncate(ex.Message, 300),
        };
        return new SpecLoadException(source, "SpecMalformed", $"{source} could not be {verb}: {why.TrimEnd('.')}.",
            "Validate the document with an OpenAPI validator, fix what it reports (every $ref must end at a definition), and try again.", ex);
    }
}
