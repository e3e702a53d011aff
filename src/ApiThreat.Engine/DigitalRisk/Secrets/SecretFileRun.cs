namespace ApiThreat.Engine.DigitalRisk.Secrets;

/// <summary>
/// Find-ExposedSecret -Path: every file under one root read through the harvester, each secret verified when the
/// options carry a verifier and the caller approves, then handed on. An unreadable file is reported and skipped.
/// </summary>
public static class SecretFileRun
{
    /// <summary>Scans <paramref name="root"/> (a file or folder); returns how many files were read.</summary>
    public static async Task<int> ScanAsync(SecretHarvester harvester, string root, SecretSiteOptions options,
        Func<ExposedSecret, ValueTask> output, Func<string, Exception, ValueTask> unreadable, Action<string>? debug, CancellationToken cancellationToken)
    {
        var files = 0;
        foreach (var file in SecretFiles.Expand(root))
        {
            cancellationToken.ThrowIfCancellationRequested();
            files++;
            List<FoundSecret> found;
            try { found = SecretFiles.Scan(harvester, file, cancellationToken); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await unreadable(file, ex).ConfigureAwait(false);
                continue;
            }
            foreach (var f in found)
            {
                await VerifyIfApprovedAsync(options, f, cancellationToken).ConfigureAwait(false);
                await output(f.Finish(debug)).ConfigureAwait(false);
            }
        }
        return files;
    }

    /// <summary>Asks the secret's provider whether it works, when there is a verifier for it and the caller approves.</summary>
    public static async Task VerifyIfApprovedAsync(SecretSiteOptions options, FoundSecret found, CancellationToken cancellationToken)
    {
        if (options.Verifier is not { } verifier || options.ApproveVerification is not { } approve) return;
        if (verifier.EndpointFor(found) is not { } endpoint) return;
        if (!await approve(found, endpoint, cancellationToken).ConfigureAwait(false)) return;
        var outcome = await verifier.VerifyAsync(found, cancellationToken).ConfigureAwait(false);
        found.Secret.Verified = outcome.Live;
        found.Secret.Verification = outcome.Detail;
    }
}
