using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Microsoft.OpenApi.YamlReader;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Specs;

/// <summary>
/// Reads OpenAPI 2.0 (Swagger), 3.0 and 3.1 documents in JSON or YAML with Microsoft.OpenApi, under limits:
/// a size cap, a nesting cap (JSON and YAML), a YAML node cap with aliases expanded (alias bombs), and a
/// wall-clock timeout. Parsing runs on its own thread with a large stack, so a pathological document gives a
/// <see cref="SpecLoadException"/>, never a hang of the caller or a stack overflow. External references are never
/// fetched (a spec from a target must not make us contact other hosts).
/// </summary>
public static class SpecLoader
{
    private const int ParserStackBytes = 64 * 1024 * 1024;

    public static Task<SpecDocument> LoadAsync(string text, SpecLoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= SpecLoadOptions.Default;
        // Cheap pre-check on characters so a 1 GB string is refused before it is encoded.
        if (text.Length > options.MaxBytes) throw TooLarge(options, text.Length);
        return LoadAsync(Encoding.UTF8.GetBytes(text), options, cancellationToken);
    }

    public static async Task<SpecDocument> LoadAsync(Stream stream, SpecLoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= SpecLoadOptions.Default;
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > options.MaxBytes) throw TooLarge(options, buffer.Length + read);
            buffer.Write(chunk, 0, read);
        }
        return await LoadAsync(buffer.ToArray(), options, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<SpecDocument> LoadFileAsync(string path, SpecLoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= SpecLoadOptions.Default;
        if (options.Source is null) options = With(options, path);
        var info = new FileInfo(path);
        if (!info.Exists)
            throw new SpecLoadException(path, "SpecFileNotFound", $"The file '{path}' does not exist.", "Check the path.");
        if (info.Length > options.MaxBytes) throw TooLarge(options, info.Length);
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        return await LoadAsync(stream, options, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<SpecDocument> LoadAsync(byte[] content, SpecLoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        options ??= SpecLoadOptions.Default;
        var source = options.Source ?? "specification";
        if (content.Length > options.MaxBytes) throw TooLarge(options, content.Length);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        var completion = new TaskCompletionSource<SpecDocument>(TaskCreationOptions.RunContinuationsAsynchronously);
        var token = timeout.Token;
        var thread = new Thread(() =>
        {
            try { completion.TrySetResult(Parse(content, options, source, token)); }
            catch (Exception ex) { completion.TrySetException(ex); }
        }, ParserStackBytes)
        { IsBackground = true, Name = "ApiThreat spec parser" };
        thread.Start();
        try
        {
            // The reader honours the token at its checkpoints; WaitAsync is the backstop when it does not.
            return await completion.Task.WaitAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SpecLoadException(source, "SpecTimeout",
                $"Reading {source} took longer than {options.Timeout.TotalSeconds:0.#} s.",
                "The document is unusually large or complex; raise the timeout only if you trust it.");
        }
    }

    private static SpecDocument Parse(byte[] content, SpecLoadOptions options, string source, CancellationToken token)
    {
        var detection = SpecDetector.Detect(content);
        if (detection.Kind is not (SpecKind.OpenApi or SpecKind.Swagger))
        {
            var what = detection.Kind == SpecKind.Unknown ? "not an OpenAPI or Swagger document" : $"a {detection.Kind} document, not OpenAPI";
            throw new SpecLoadException(source, "NotOpenApi", $"{source} is {what}.",
                "Give an OpenAPI 2.0 (swagger: \"2.0\"), 3.0 or 3.1 (openapi: 3.x) document.");
        }

        var settings = new OpenApiReaderSettings { LoadExternalRefs = false };
        var baseUri = Uri.TryCreate(options.Source, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" ? u : new Uri("https://spec.invalid/");
        ReadResult result;
        string format;
        try
        {
            if (detection.IsJson)
            {
                format = "json";
                var node = JsonNode.Parse(content, documentOptions: new JsonDocumentOptions
                {
                    MaxDepth = options.MaxDepth,
                    AllowTrailingCommas = true,
                    CommentHandling = JsonCommentHandling.Skip,
                });
                token.ThrowIfCancellationRequested();
                if (node is null) throw new SpecLoadException(source, "SpecEmpty", $"{source} is empty.");
                result = new OpenApiJsonReader().Read(node, baseUri, settings);
            }
            else
            {
                format = "yaml";
                var yaml = new OpenApiYamlReaderSettings
                {
                    MaxDepth = (uint)Math.Min(options.MaxDepth, (int)YamlConverter.MaximumAllowedDepth),
                    MaxNodeCount = (uint)Math.Min(options.MaxNodes, (int)YamlConverter.MaximumAllowedNodeCount),
                    MaxAliasExpansionNodeCount = (uint)Math.Min(options.MaxNodes, (int)YamlConverter.MaximumAllowedNodeCount),
                    MaxInputByteCount = (uint)Math.Min(options.MaxBytes + 1, uint.MaxValue),
                };
                using var ms = new MemoryStream(content, writable: false);
                result = new OpenApiYamlReader(yaml).Read(ms, baseUri, settings);
            }
        }
        catch (SpecLoadException) { throw; }
        catch (OperationCanceledException) { throw; }
        catch (JsonException ex)
        {
            throw new SpecLoadException(source, "SpecMalformed", $"{source} is not valid JSON: {ex.Message}", inner: ex);
        }
        catch (Exception ex) when (IsMalformed(ex))
        {
            throw SpecLoadException.Malformed(source, "read", ex);
        }
        token.ThrowIfCancellationRequested();

        var document = result.Document;
        var errors = result.Diagnostic?.Errors ?? new List<OpenApiError>();
        if (document is null || (document.Paths is null && document.Info is null))
        {
            var why = errors.Count > 0 ? string.Join("; ", errors.Take(3).Select(e => e.Message)) : "no document was produced";
            throw new SpecLoadException(source, "SpecMalformed", $"{source} could not be read: {TextSafety.Truncate(why, 400)}");
        }
        try { return Summarize(document, result.Diagnostic, detection, format, options, token); }
        catch (Exception ex) when (IsMalformed(ex)) { throw SpecLoadException.Malformed(source, "read", ex); }
    }

    /// <summary>What the readers and the model throw on documents they cannot make sense of.</summary>
    private static bool IsMalformed(Exception ex) =>
        ex is OpenApiException or OpenApiUnsupportedSpecVersionException or InvalidOperationException or ArgumentException or FormatException
            or InvalidCastException or IndexOutOfRangeException or KeyNotFoundException or NullReferenceException or SharpYaml.YamlException;

    private static SpecDocument Summarize(OpenApiDocument document, OpenApiDiagnostic? diagnostic, SpecDetection detection,
        string format, SpecLoadOptions options, CancellationToken token)
    {
        var warnings = new List<string>();
        foreach (var e in diagnostic?.Errors ?? Enumerable.Empty<OpenApiError>()) warnings.Add(Describe(e));
        foreach (var e in diagnostic?.Warnings ?? Enumerable.Empty<OpenApiError>()) warnings.Add(Describe(e));

        var schemes = new List<SpecSecurityScheme>();
        foreach (var (name, scheme) in document.Components?.SecuritySchemes ?? new Dictionary<string, IOpenApiSecurityScheme>())
            if (scheme is not null) schemes.Add(ToScheme(name, scheme)); // a scheme the reader could not build is null (found by fuzzing)

        var global = document.Security;
        var operations = new List<ApiOperation>();
        foreach (var (path, item) in document.Paths ?? new OpenApiPaths())
        {
            token.ThrowIfCancellationRequested();
            IDictionary<HttpMethod, OpenApiOperation>? ops;
            try { ops = item?.Operations; }
            catch (Exception ex) when (ex is InvalidOperationException or NullReferenceException) { warnings.Add($"{path}: {ex.Message}"); continue; }
            if (ops is null) continue;
            foreach (var (method, op) in ops)
            {
                if (operations.Count >= options.MaxOperations)
                {
                    warnings.Add($"More than {options.MaxOperations} operations: the rest are not listed.");
                    goto done;
                }
                var effective = op.Security ?? global;
                operations.Add(new ApiOperation
                {
                    Method = method.Method.ToUpperInvariant(),
                    Path = path,
                    OperationId = op.OperationId,
                    Summary = TextSafety.Truncate(TextSafety.StripControl(op.Summary), 500),
                    Security = SchemeNames(effective),
                    AllowsAnonymous = effective is null || effective.Count == 0 || effective.Any(r => r.Count == 0),
                });
            }
        }
        done:
        return new SpecDocument
        {
            SpecVersion = detection.Version ?? VersionOf(diagnostic?.SpecificationVersion),
            Format = format,
            Title = document.Info?.Title,
            Version = document.Info?.Version,
            Servers = (document.Servers ?? new List<OpenApiServer>()).Select(s => s.Url).Where(s => !string.IsNullOrEmpty(s)).ToArray()!,
            SecuritySchemes = schemes.ToArray(),
            GlobalSecurity = SchemeNames(global),
            Operations = operations.ToArray(),
            Warnings = warnings.Distinct().Take(200).ToArray(),
            Document = document,
        };
    }

    /// <summary>The names of the schemes a list of requirements mentions (any of them satisfies the operation).</summary>
    public static string[] SchemeNames(IEnumerable<OpenApiSecurityRequirement>? requirements)
    {
        if (requirements is null) return Array.Empty<string>();
        var names = new List<string>();
        foreach (var requirement in requirements)
            foreach (var key in requirement.Keys)
            {
                var name = key.Reference?.Id ?? key.Name;
                if (!string.IsNullOrEmpty(name) && !names.Contains(name, StringComparer.Ordinal)) names.Add(name);
            }
        return names.ToArray();
    }

    private static SpecSecurityScheme ToScheme(string name, IOpenApiSecurityScheme scheme)
    {
        var flows = new List<string>();
        var urls = new List<string>();
        void Flow(string kind, OpenApiOAuthFlow? f)
        {
            if (f is null) return;
            flows.Add(kind);
            foreach (var url in new[] { f.AuthorizationUrl, f.TokenUrl, f.RefreshUrl, f.DeviceAuthorizationUrl })
                if (url is not null) urls.Add(url.OriginalString);
        }
        Flow("implicit", scheme.Flows?.Implicit);
        Flow("password", scheme.Flows?.Password);
        Flow("clientCredentials", scheme.Flows?.ClientCredentials);
        Flow("authorizationCode", scheme.Flows?.AuthorizationCode);
        Flow("deviceAuthorization", scheme.Flows?.DeviceAuthorization);
        if (scheme.OpenIdConnectUrl is not null) urls.Add(scheme.OpenIdConnectUrl.OriginalString);
        return new SpecSecurityScheme
        {
            Name = name,
            Type = scheme.Type switch
            {
                SecuritySchemeType.ApiKey => "apiKey",
                SecuritySchemeType.Http => "http",
                SecuritySchemeType.OAuth2 => "oauth2",
                SecuritySchemeType.OpenIdConnect => "openIdConnect",
                SecuritySchemeType.MutualTLS => "mutualTLS",
                _ => "unknown",
            },
            Scheme = scheme.Scheme?.ToLowerInvariant(),
            In = scheme.In switch
            {
                ParameterLocation.Query => "query",
                ParameterLocation.Header => "header",
                ParameterLocation.Cookie => "cookie",
                ParameterLocation.Path => "path",
                _ => null,
            },
            ParameterName = scheme.Name,
            BearerFormat = scheme.BearerFormat,
            Flows = flows.ToArray(),
            Urls = urls.ToArray(),
        };
    }

    private static string VersionOf(OpenApiSpecVersion? version) => version switch
    {
        OpenApiSpecVersion.OpenApi2_0 => "2.0",
        OpenApiSpecVersion.OpenApi3_0 => "3.0",
        OpenApiSpecVersion.OpenApi3_1 => "3.1",
        OpenApiSpecVersion.OpenApi3_2 => "3.2",
        _ => "",
    };

    private static string Describe(OpenApiError e) =>
        string.IsNullOrEmpty(e.Pointer) ? e.Message : $"{e.Pointer}: {e.Message}";

    private static SpecLoadException TooLarge(SpecLoadOptions options, long size) =>
        new(options.Source ?? "specification", "SpecTooLarge",
            $"{options.Source ?? "The specification"} is larger than the {options.MaxBytes / 1024 / 1024.0:0.#} MB limit ({size} bytes or more).",
            "Split the document, or raise the size limit only if you trust it.");

    internal static SpecLoadOptions With(SpecLoadOptions o, string source) => new()
    {
        MaxBytes = o.MaxBytes, Timeout = o.Timeout, LintTimeout = o.LintTimeout, MaxDepth = o.MaxDepth, MaxNodes = o.MaxNodes,
        MaxOperations = o.MaxOperations, Source = source,
    };
}
