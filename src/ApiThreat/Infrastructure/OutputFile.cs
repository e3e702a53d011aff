using System.Management.Automation;
using System.Text;

namespace ApiThreat.Infrastructure;

/// <summary>
/// The one policy of every cmdlet that writes a file, the same as Out-File and Export-Csv: an existing file is
/// replaced; -NoClobber refuses to replace it; -Force also replaces a read-only file; -WhatIf/-Confirm ask before
/// anything is touched; -PassThru returns the FileInfo. The text goes to a temporary file beside the target that is
/// moved over it at the end, so a stopped or failed export never leaves half a file or destroys the old one.
/// </summary>
internal sealed class OutputFile : IDisposable
{
    private readonly bool _force;
    private string? _temp;
    private StreamWriter? _writer;

    private OutputFile(string path, bool force)
    {
        FullName = path;
        _force = force;
    }

    /// <summary>The resolved file system path of the target.</summary>
    public string FullName { get; }

    /// <summary>
    /// Resolves <paramref name="path"/> (wildcards are not expanded for a new file; <paramref name="literal"/> takes it
    /// as typed), applies the policy and asks ShouldProcess. Returns null when -WhatIf or the user's answer says no;
    /// throws a terminating error naming the file and the fix when the file cannot be written.
    /// </summary>
    public static OutputFile? Resolve(PSCmdlet cmdlet, string path, bool literal, bool force, bool noClobber, string action) =>
        Check(cmdlet, ResolvePath(cmdlet, path, literal), force, noClobber, action);

    /// <summary>
    /// The policy checks and ShouldProcess for an already resolved path. For one file of several that a cmdlet writes
    /// into a folder it already asked about, pass no <paramref name="action"/> (no second question) and
    /// terminating: false (that file is skipped with an error, the others are written).
    /// </summary>
    public static OutputFile? Check(PSCmdlet cmdlet, string target, bool force, bool noClobber, string? action, bool terminating = true)
    {
        ErrorRecord? problem = null;
        if (Directory.Exists(target))
            problem = Error(new IOException($"'{target}' is a folder."), "OutputPathIsFolder", ErrorCategory.InvalidArgument, target,
                "Give the path of a file, not of a folder.");
        else if (File.Exists(target) && noClobber)
            problem = Error(new IOException($"'{target}' exists and -NoClobber was given."), "FileExists", ErrorCategory.ResourceExists, target,
                "Remove -NoClobber to replace the file, or give another path.");
        else if (File.Exists(target) && !force && new FileInfo(target).IsReadOnly)
            problem = Error(new UnauthorizedAccessException($"'{target}' is read-only."), "FileReadOnly", ErrorCategory.PermissionDenied, target,
                "Add -Force to replace a read-only file.");
        else if (Path.GetDirectoryName(target) is { Length: > 0 } folder && !Directory.Exists(folder))
            problem = Error(new DirectoryNotFoundException($"The folder '{folder}' does not exist."), "OutputFolderNotFound", ErrorCategory.ObjectNotFound, target,
                $"Create the folder first (New-Item -ItemType Directory '{folder}'), or give a path in an existing folder.");
        if (problem is not null)
        {
            if (terminating) cmdlet.ThrowTerminatingError(problem);
            cmdlet.WriteError(problem);
            return null;
        }
        return action is null || cmdlet.ShouldProcess(target, action) ? new OutputFile(target, force) : null;
    }

    public static string ResolvePath(PSCmdlet cmdlet, string path, bool literal) =>
        literal ? cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path) : cmdlet.GetUnresolvedProviderPathFromPSPath(path);

    private static ErrorRecord Error(Exception e, string id, ErrorCategory category, string target, string action) =>
        new(e, id, category, target) { ErrorDetails = new ErrorDetails(e.Message) { RecommendedAction = action } };

    /// <summary>A UTF-8 (no BOM) writer on the temporary file; <see cref="Commit"/> puts it in place.</summary>
    public StreamWriter Open(string newLine = "\n")
    {
        if (_writer is not null) return _writer;
        _temp = FullName + ".tmp-" + Guid.NewGuid().ToString("n")[..8];
        _writer = new StreamWriter(_temp, false, new UTF8Encoding(false), 1 << 16) { NewLine = newLine };
        return _writer;
    }

    /// <summary>
    /// A UTF-8 (no BOM) writer straight on the target, for lines streamed as they come (appended with
    /// <paramref name="append"/>, else replacing the file), clearing read-only first under -Force.
    /// </summary>
    public StreamWriter OpenDirect(bool append)
    {
        if (_force && new FileInfo(FullName) is { Exists: true, IsReadOnly: true } existing) existing.IsReadOnly = false;
        return new StreamWriter(FullName, append, new UTF8Encoding(false)) { NewLine = "\n" };
    }

    /// <summary>Writes the whole text at once (small outputs).</summary>
    public FileInfo WriteAllText(string text)
    {
        Open().Write(text);
        return Commit();
    }

    /// <summary>Closes the writer and moves the temporary file over the target (clearing read-only first under -Force).</summary>
    public FileInfo Commit()
    {
        var writer = _writer ?? Open();
        writer.Dispose();
        _writer = null;
        var existing = new FileInfo(FullName);
        if (_force && existing.Exists && existing.IsReadOnly) existing.IsReadOnly = false;
        File.Move(_temp!, FullName, overwrite: true);
        _temp = null;
        return new FileInfo(FullName);
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _writer = null;
        if (_temp is not null && File.Exists(_temp)) File.Delete(_temp);
        _temp = null;
    }
}
