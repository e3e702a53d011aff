using System.Management.Automation;
using ApiThreat.Engine.Net;

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
}
