using System.Management.Automation;
using ApiThreat.Engine.Assessment.Authorization;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Specs;

namespace ApiThreat.Infrastructure;

/// <summary>Accepting targets and domains: one parse, one error with one message, and the scope widened to what the user named.</summary>
public abstract partial class NetworkCmdlet
{
    /// <summary>
    /// Parses a host name, host:port or http(s) URL; a bad one is a non-terminating InvalidTarget error naming
    /// <paramref name="errorTarget"/> (default: the input). An accepted target's host joins the scope.
    /// </summary>
    internal bool AcceptTarget(string input, out ScanTarget target, object? errorTarget = null)
    {
        if (!ScanTarget.TryParse(input, out var parsed, out var error))
        {
            WriteError(InputErrors.InvalidTarget(error, errorTarget ?? input));
            target = null!;
            return false;
        }
        target = parsed!;
        Network.Scope.AddImplicitHost(target.Host);
        return true;
    }

    /// <summary>Parses a DNS domain; a bad one is a non-terminating InvalidDomain error. An accepted domain joins the scope.</summary>
    internal bool AcceptDomain(string input, out string domain)
    {
        if (!ScanTarget.TryDomain(input, out domain, out var error))
        {
            WriteError(InputErrors.InvalidDomain(input, error));
            return false;
        }
        Network.Scope.AddImplicitDomain(domain);
        return true;
    }

    /// <summary>
    /// An OpenAPI document given as an http(s) URL (fetched through this cmdlet's network context) or a file path; one
    /// that cannot be read terminates (InvalidSpecification).
    /// </summary>
    internal SpecDocument LoadSpecification(string given, CancellationToken cancellationToken)
    {
        var source = Uri.TryCreate(given, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" ? given : GetUnresolvedProviderPathFromPSPath(given);
        SpecDocument spec;
        try { spec = SpecificationSource.LoadAsync(Network, source, cancellationToken).GetAwaiter().GetResult(); }
        catch (Exception ex) when (ex is SpecLoadException or TargetException)
        {
            ThrowTerminatingError(InputErrors.Parameter($"-Specification '{given}' could not be read: {ex.Message}", "InvalidSpecification", given,
                "Give an OpenAPI 2.0/3.x document (file path or URL).", ex));
            throw;
        }
        WriteVerbose($"Specification {spec.Title} {spec.Version}: {spec.Operations.Length} operations.");
        return spec;
    }
}
