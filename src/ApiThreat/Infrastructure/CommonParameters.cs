using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;
using ApiThreat.Engine.Inventory;
using ApiThreat.Engine.Net;

namespace ApiThreat.Infrastructure;

/// <summary>Parameters several cmdlets read the same way, read once here: trust anchors, inventory locations, the verbose and -WhatIf preferences.</summary>
internal static class CommonParameters
{
    /// <summary>-TrustedRootCertificate's files; one that is not a certificate terminates (InvalidTrustedRootCertificate).</summary>
    public static X509Certificate2Collection TrustAnchorsFrom(this PSCmdlet cmdlet, string[]? paths)
    {
        try { return TrustAnchors.Load(paths, cmdlet.GetUnresolvedProviderPathFromPSPath); }
        catch (InvalidTrustAnchorException ex)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(ex, "InvalidTrustedRootCertificate", ErrorCategory.InvalidArgument, ex.File));
            return new X509Certificate2Collection();
        }
    }

    /// <summary>An inventory location: a postgres:// URI as it is, else a file-system path resolved against the current location.</summary>
    public static string StoreLocation(this PSCmdlet cmdlet, string location) =>
        InventoryStores.IsPostgres(location) ? location : cmdlet.GetUnresolvedProviderPathFromPSPath(location);

    /// <summary>Whether -Verbose (or $VerbosePreference) asks for verbose output, so engine work only builds messages someone reads.</summary>
    public static bool VerboseRequested(this PSCmdlet cmdlet) =>
        cmdlet.MyInvocation.BoundParameters.ContainsKey("Verbose")
        || (cmdlet.GetVariableValue("VerbosePreference") is ActionPreference p && p != ActionPreference.SilentlyContinue);

    /// <summary>Whether -WhatIf (or $WhatIfPreference) is in force, so nothing that -WhatIf promises not to touch is written.</summary>
    public static bool WhatIfRequested(this PSCmdlet cmdlet) =>
        LanguagePrimitives.IsTrue(cmdlet.GetVariableValue("WhatIfPreference"))
        || (cmdlet.MyInvocation.BoundParameters.TryGetValue("WhatIf", out var whatIf) && LanguagePrimitives.IsTrue(whatIf));
}
