using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;

namespace ApiThreat.Engine.Specs;

/// <summary>What kind of API description a document is (OData: a CSDL $metadata document, which discovery recognises itself).</summary>
public enum SpecKind { Unknown, OpenApi, Swagger, AsyncApi, Postman, Wadl, Wsdl, OData }

/// <summary>What <see cref="SpecDetector"/> found: the kind, the version the document declares, and its syntax.</summary>
public sealed record SpecDetection(SpecKind Kind, string? Version, string Syntax)
{
    public bool IsJson => Syntax == "json";
    public bool IsXml => Syntax == "xml";
    public static readonly SpecDetection Unknown = new(SpecKind.Unknown, null, "text");
}

/// <summary>
/// Says whether a text is an OpenAPI, Swagger, AsyncAPI, Postman collection, WADL or WSDL document, without
/// building a model: a JSON token scan of the top level, the root element of XML (DTDs ignored, nothing
/// resolved), or the top-level keys of YAML. Cheap enough to run on every response of a discovery sweep.
/// </summary>
public static class SpecDetector
{
    private const int YamlScanChars = 256 * 1024;
    private static readonly TimeSpan s_regexTimeout = TimeSpan.FromMilliseconds(250);
    private static readonly Regex s_yamlKey = new(
        @"^(?<key>openapi|swagger|asyncapi)[ \t]*:[ \t]*[""']?(?<ver>[0-9][0-9A-Za-z.\-]*)",
        RegexOptions.Multiline | RegexOptions.CultureInvariant, s_regexTimeout);

    public static SpecDetection Detect(string text) =>
        string.IsNullOrEmpty(text) ? SpecDetection.Unknown : Detect(Encoding.UTF8.GetBytes(text));

    public static SpecDetection Detect(ReadOnlySpan<byte> content)
    {
        var start = 0;
        if (content.Length >= 3 && content[0] == 0xEF && content[1] == 0xBB && content[2] == 0xBF) start = 3;
        while (start < content.Length && content[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') start++;
        if (start >= content.Length) return SpecDetection.Unknown;
        var body = content[start..];
        // YAML comment lines and a document marker may precede flow-style (JSON-like) YAML: judge what follows.
        var skipped = false;
        while (body.Length > 0 && (body[0] == (byte)'#' || body.StartsWith("---"u8)))
        {
            var eol = body.IndexOf((byte)'\n');
            if (eol < 0) return SpecDetection.Unknown with { Syntax = "yaml" };
            body = body[(eol + 1)..].TrimStart(" \t\r\n"u8);
            skipped = true;
        }
        if (body.Length == 0) return SpecDetection.Unknown with { Syntax = "yaml" };
        if (skipped && body[0] == (byte)'{') return DetectJson(body) with { Syntax = "yaml" };
        return body[0] switch
        {
            (byte)'{' => DetectJson(body),
            (byte)'<' => DetectXml(body.ToArray()),
            (byte)'[' => SpecDetection.Unknown with { Syntax = "json" },
            _ => DetectYaml(body),
        };
    }

    private static SpecDetection DetectJson(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions
        {
            AllowTrailingCommas = true,
            CommentHandling = JsonCommentHandling.Skip,
            MaxDepth = 256,
        });
        string? openapi = null, swagger = null, asyncapi = null;
        bool postmanInfo = false, hasItem = false, hasInfo = false;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName) continue;
                if (reader.CurrentDepth == 1)
                {
                    var name = reader.GetString();
                    if (!reader.Read()) break;
                    switch (name)
                    {
                        case "openapi" when reader.TokenType == JsonTokenType.String: openapi = reader.GetString(); break;
                        case "swagger" when reader.TokenType is JsonTokenType.String or JsonTokenType.Number: swagger = ScalarText(ref reader); break;
                        case "asyncapi" when reader.TokenType == JsonTokenType.String: asyncapi = reader.GetString(); break;
                        case "item" when reader.TokenType == JsonTokenType.StartArray: hasItem = true; reader.Skip(); break;
                        case "info" when reader.TokenType == JsonTokenType.StartObject: hasInfo = true; postmanInfo |= ScanPostmanInfo(ref reader); break;
                        default: if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) reader.Skip(); break;
                    }
                    if (openapi is not null || swagger is not null || asyncapi is not null) break;
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Truncated or malformed (GetString throws InvalidOperationException on invalid UTF-8, found by
            // fuzzing): judge on what was seen.
        }
        if (openapi is not null) return new SpecDetection(SpecKind.OpenApi, openapi, "json");
        if (swagger is not null) return new SpecDetection(SpecKind.Swagger, swagger, "json");
        if (asyncapi is not null) return new SpecDetection(SpecKind.AsyncApi, asyncapi, "json");
        if (postmanInfo || (hasInfo && hasItem)) return new SpecDetection(SpecKind.Postman, null, "json");
        return new SpecDetection(SpecKind.Unknown, null, "json");
    }

    private static string? ScalarText(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString() : Encoding.UTF8.GetString(reader.ValueSpan);

    /// <summary>Reads the info object; true when it carries Postman's _postman_id or a schema URL of Postman's collection format.</summary>
    private static bool ScanPostmanInfo(ref Utf8JsonReader reader)
    {
        var depth = reader.CurrentDepth;
        var found = false;
        while (reader.Read() && reader.CurrentDepth > depth)
        {
            if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != depth + 1) continue;
            var name = reader.GetString();
            if (!reader.Read()) break;
            if (name == "_postman_id") found = true;
            else if (name == "schema" && reader.TokenType == JsonTokenType.String &&
                     (reader.GetString() ?? "").Contains("getpostman.com", StringComparison.OrdinalIgnoreCase)) found = true;
            else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) reader.Skip();
        }
        return found;
    }

    private static SpecDetection DetectXml(byte[] xml)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Ignore,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            MaxCharactersInDocument = 0,
            MaxCharactersFromEntities = 1024,
        };
        try
        {
            using var stream = new MemoryStream(xml, writable: false);
            using var reader = XmlReader.Create(stream, settings);
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element) continue;
                var ns = reader.NamespaceURI;
                return reader.LocalName switch
                {
                    "application" when ns.Contains("wadl", StringComparison.OrdinalIgnoreCase) => new SpecDetection(SpecKind.Wadl, null, "xml"),
                    "definitions" when ns.StartsWith("http://schemas.xmlsoap.org/wsdl", StringComparison.Ordinal) => new SpecDetection(SpecKind.Wsdl, "1.1", "xml"),
                    "description" when ns.StartsWith("http://www.w3.org/ns/wsdl", StringComparison.Ordinal) => new SpecDetection(SpecKind.Wsdl, "2.0", "xml"),
                    _ => new SpecDetection(SpecKind.Unknown, null, "xml"),
                };
            }
        }
        catch (XmlException)
        {
        }
        return new SpecDetection(SpecKind.Unknown, null, "xml");
    }

    private static SpecDetection DetectYaml(ReadOnlySpan<byte> yaml)
    {
        var text = Encoding.UTF8.GetString(yaml[..Math.Min(yaml.Length, YamlScanChars)]);
        try
        {
            foreach (Match m in s_yamlKey.Matches(text))
            {
                var version = m.Groups["ver"].Value;
                switch (m.Groups["key"].Value)
                {
                    case "openapi" when version.StartsWith('3'): return new SpecDetection(SpecKind.OpenApi, version, "yaml");
                    case "swagger" when version.StartsWith('2'): return new SpecDetection(SpecKind.Swagger, version, "yaml");
                    case "asyncapi": return new SpecDetection(SpecKind.AsyncApi, version, "yaml");
                }
            }
        }
        catch (RegexMatchTimeoutException)
        {
        }
        return new SpecDetection(SpecKind.Unknown, null, "yaml");
    }
}
