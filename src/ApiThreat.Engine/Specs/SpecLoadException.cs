using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Specs;

/// <summary>A document could not be read as OpenAPI/Swagger: too large, too deep, too slow, or not a spec at all.</summary>
public sealed class SpecLoadException : TargetException
{
    public SpecLoadException(string source, string errorId, string message, string? recommendedAction = null, Exception? inner = null)
        : base(source, errorId, errorId == "SpecTimeout" ? TargetErrorKind.Timeout : TargetErrorKind.InvalidData, message,
            recommendedAction ?? "Check that the document is an OpenAPI 2.0, 3.0 or 3.1 description in JSON or YAML.", inner)
    {
    }
}
