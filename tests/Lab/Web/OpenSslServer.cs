using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ApiThreat.Lab.Web;

/// <summary>
/// An <c>openssl s_server</c> child process on a loopback port, for what .NET's TLS stack refuses to serve on
/// OpenSSL 3 (security level 2): TLS 1.0/1.1, weak suites, RSA-1024 keys, SHA-1 certificates. When the openssl
/// binary is missing or the server does not come up, <see cref="TryStart"/> says why, and the scenarios that need it
/// carry that reason so their tests skip instead of passing silently.
/// </summary>
public sealed class OpenSslServer : IDisposable
{
    private static readonly List<OpenSslServer> s_running = new();
    private readonly Process _process;
    private readonly string _directory;

    static OpenSslServer()
    {
        // An in-process Lab (xunit) that ends without disposing must not leave servers behind.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { lock (s_running) foreach (var s in s_running.ToArray()) s.Dispose(); };
    }

    private OpenSslServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>
    /// Starts <c>openssl s_server -www</c> with the certificate, its chain and the extra arguments (protocol and cipher
    /// flags); with <paramref name="ocspIssuer"/>, it staples an OCSP response signed by that issuer (<see cref="OcspStaple"/>).
    /// </summary>
    public static bool TryStart(X509Certificate2 leaf, X509Certificate2Collection chain, IEnumerable<string> arguments,
        out OpenSslServer? server, out string reason, X509Certificate2? ocspIssuer = null)
    {
        server = null;
        reason = "";
        var openssl = FindOpenSsl();
        if (openssl is null) { reason = "the openssl binary is not on PATH"; return false; }
        var directory = Path.Combine(Path.GetTempPath(), "apithreat-lab-openssl-" + Guid.NewGuid().ToString("n")[..12]);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "cert.pem"), leaf.ExportCertificatePem());
        AsymmetricAlgorithm key = (AsymmetricAlgorithm?)leaf.GetRSAPrivateKey() ?? leaf.GetECDsaPrivateKey()
            ?? throw new InvalidOperationException("The certificate has no RSA or ECDSA private key.");
        File.WriteAllText(Path.Combine(directory, "key.pem"), key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(Path.Combine(directory, "chain.pem"), string.Concat(chain.Select(c => c.ExportCertificatePem() + "\n")));
        if (ocspIssuer is not null && !OcspStaple.TryWrite(directory, leaf, ocspIssuer, out reason)) return false;

        var port = FreePort();
        var info = new ProcessStartInfo(openssl)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var a in new[] { "s_server", "-accept", $"127.0.0.1:{port}", "-cert", "cert.pem", "-key", "key.pem", "-www", "-quiet" })
            info.ArgumentList.Add(a);
        if (chain.Count > 0) { info.ArgumentList.Add("-cert_chain"); info.ArgumentList.Add("chain.pem"); }
        if (ocspIssuer is not null) { info.ArgumentList.Add("-status_file"); info.ArgumentList.Add(OcspStaple.FileName); }
        foreach (var a in arguments) info.ArgumentList.Add(a);
        Process process;
        try { process = Process.Start(info)!; }
        catch (Exception ex) { reason = $"openssl could not be started: {ex.Message}"; return false; }
        var stderr = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => { lock (stderr) if (e.Data is not null && stderr.Length < 4000) stderr.AppendLine(e.Data); };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                lock (stderr) reason = $"openssl s_server exited with code {process.ExitCode}: {stderr.ToString().Trim()}";
                return false;
            }
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, port);
                server = new OpenSslServer(process, directory, port);
                lock (s_running) s_running.Add(server);
                return true;
            }
            catch (SocketException) { Thread.Sleep(50); }
        }
        try { process.Kill(); } catch (InvalidOperationException) { }
        reason = "openssl s_server did not listen within 10 s";
        return false;
    }

    /// <summary>
    /// Whether this openssl can serve <paramref name="cipher"/> (with the given <c>-provider</c> arguments) at security
    /// level 0. OpenSSL drops unknown suites from a list without complaint, so a scenario that needs one asks first.
    /// </summary>
    public static bool Supports(string cipher, IEnumerable<string> providerArguments, out string reason)
    {
        var ok = TryRun(new[] { "ciphers" }.Concat(providerArguments).Append(cipher + ":@SECLEVEL=0"), null, out _, out reason);
        if (!ok) reason = $"this openssl cannot serve {cipher} ({reason}); OpenSSL 3 builds usually leave out weak suites (no-weak-ssl-ciphers)";
        return ok;
    }

    /// <summary>Whether this openssl's s_server has <paramref name="option"/> (e.g. -ssl3, absent from builds without SSL 3.0).</summary>
    public static bool HasServerOption(string option, out string reason)
    {
        TryRun(new[] { "s_server", "-help" }, null, out var help, out _); // prints its options, whatever the exit code
        var found = help.Split('\n').Any(l => l.TrimStart().StartsWith(option + " ", StringComparison.Ordinal) || l.Trim() == option);
        reason = found ? "" : $"this openssl's s_server has no {option} option (built without it)";
        return found;
    }

    /// <summary>Runs one openssl command to its end (15 s at most); <paramref name="output"/> is stdout and stderr, <paramref name="reason"/> why it failed.</summary>
    internal static bool TryRun(IEnumerable<string> arguments, string? directory, out string output, out string reason)
    {
        output = "";
        var openssl = FindOpenSsl();
        if (openssl is null) { reason = "the openssl binary is not on PATH"; return false; }
        var info = new ProcessStartInfo(openssl) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (directory is not null) info.WorkingDirectory = directory;
        foreach (var a in arguments) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(15000))
        {
            try { process.Kill(); } catch (InvalidOperationException) { }
            reason = $"openssl {info.ArgumentList[0]} did not finish within 15 s";
            return false;
        }
        output = stdout.Result + stderr.Result;
        var lastError = stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
        reason = process.ExitCode == 0 ? "" : $"openssl {info.ArgumentList[0]} exited with code {process.ExitCode}: {lastError}";
        return process.ExitCode == 0;
    }

    private static string? FindOpenSsl()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            foreach (var name in new[] { "openssl", "openssl.exe" })
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public void Dispose()
    {
        lock (s_running) s_running.Remove(this);
        try { if (!_process.HasExited) { _process.Kill(); _process.WaitForExit(2000); } } catch (InvalidOperationException) { }
        _process.Dispose();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
