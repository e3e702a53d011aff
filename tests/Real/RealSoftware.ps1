# Pester helpers for the real-software wing (dot-source after common.ps1). Servers run on loopback, free ports only.

$script:RealRoot = $PSScriptRoot

function Get-FreeTcpPort {
    # A port the OS hands out now on this address; the server binds it a moment later (the race is acceptable on loopback).
    param([string]$Address = '127.0.0.1')
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Parse($Address), 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function Get-RealSkipReason {
    # $null when everything named is here; otherwise the reason a test must skip, naming what is missing.
    param([string[]]$Command = @(), [string]$App, [string[]]$NpmPackage = @(), [string[]]$PythonModule = @(), [string[]]$PerlModule = @(), [string[]]$RubyLibrary = @())
    foreach ($c in $Command) {
        if (-not (Get-Command $c -CommandType Application -ErrorAction Ignore)) {
            return "'$c' is not installed (Debian package from tests/Real/debian-packages.txt; run tests/Real/install.sh as root)"
        }
    }
    foreach ($p in $NpmPackage) {
        # npm packages live in the app's own node_modules (tests/Real/apps/<App>/node_modules).
        if (-not (Test-Path (Join-Path $script:RealRoot "apps/$App/node_modules/$p/package.json"))) {
            return "npm package '$p' is not installed for tests/Real/apps/$App (run tests/Real/install.sh)"
        }
    }
    foreach ($m in $PythonModule) {
        $python = Get-Command python3 -CommandType Application -ErrorAction Ignore
        if (-not $python) { return "python3 is not installed" }
        & /usr/bin/python3 -c "import $m" 2>$null
        if ($LASTEXITCODE -ne 0) { return "Python module '$m' is not installed (Debian package from tests/Real/debian-packages.txt)" }
    }
    foreach ($m in $PerlModule) {
        if (-not (Get-Command perl -CommandType Application -ErrorAction Ignore)) { return "perl is not installed" }
        & perl "-M$m" -e 1 2>$null
        if ($LASTEXITCODE -ne 0) { return "Perl module '$m' is not installed (Debian package from tests/Real/debian-packages.txt)" }
    }
    foreach ($m in $RubyLibrary) {
        if (-not (Get-Command ruby -CommandType Application -ErrorAction Ignore)) { return "ruby is not installed" }
        & ruby -e "require '$m'" 2>$null
        if ($LASTEXITCODE -ne 0) { return "Ruby library '$m' is not installed (Debian package from tests/Real/debian-packages.txt)" }
    }
    $null
}

function Start-RealServer {
    <#
    Starts a server process and waits until -ReadyUrl answers (any HTTP status) or -ReadyPort accepts a connection.
    Returns an object with Process, LogPath, Name; throws with the server's log when it does not come up.
    #>
    param(
        [Parameter(Mandatory)][string]$Name,
        [Parameter(Mandatory)][string]$FilePath,
        [string[]]$ArgumentList = @(),
        [string]$WorkingDirectory = (Get-Location).Path,
        [hashtable]$Environment = @{},
        [string]$ReadyUrl,
        [int]$ReadyPort,
        [string]$ReadyAddress = '127.0.0.1',
        [int]$TimeoutSec = 60
    )
    $dir = Join-Path ([IO.Path]::GetTempPath()) "apithreat-real-$Name-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
    $null = New-Item -ItemType Directory -Force $dir
    $log = Join-Path $dir 'server.log'
    $psi = [System.Diagnostics.ProcessStartInfo]::new($FilePath)
    foreach ($a in $ArgumentList) { $psi.ArgumentList.Add($a) }
    $psi.WorkingDirectory = $WorkingDirectory
    $psi.UseShellExecute = $false
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    foreach ($k in $Environment.Keys) { $psi.Environment[$k] = [string]$Environment[$k] }
    $process = [System.Diagnostics.Process]::new()
    $process.StartInfo = $psi
    $writer = [System.IO.StreamWriter]::new($log, $true)
    $writer.AutoFlush = $true
    $sync = [System.IO.TextWriter]::Synchronized($writer)
    $handler = { param($s, $e) if ($null -ne $e.Data) { $Event.MessageData.WriteLine($e.Data) } }
    $null = Register-ObjectEvent -InputObject $process -EventName OutputDataReceived -Action $handler -MessageData $sync
    $null = Register-ObjectEvent -InputObject $process -EventName ErrorDataReceived -Action $handler -MessageData $sync
    if (-not $process.Start()) { throw "Could not start $Name ($FilePath)." }
    $process.BeginOutputReadLine()
    $process.BeginErrorReadLine()
    $server = [pscustomobject]@{ Name = $Name; Process = $process; LogPath = $log; Directory = $dir; Writer = $sync }
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    while ($true) {
        if ($process.HasExited) {
            Start-Sleep -Milliseconds 200
            throw "$Name exited with code $($process.ExitCode) before it was ready: $(Get-Content -Raw $log -ErrorAction Ignore)"
        }
        if (Test-RealServerReady -Url $ReadyUrl -Port $ReadyPort -Address $ReadyAddress) { return $server }
        if ([DateTime]::UtcNow -gt $deadline) {
            $server | Stop-RealServer
            throw "$Name did not answer within $TimeoutSec s: $(Get-Content -Raw $log -ErrorAction Ignore)"
        }
        Start-Sleep -Milliseconds 150
    }
}

function Test-RealServerReady([string]$Url, [int]$Port, [string]$Address) {
    if ($Url) {
        try {
            $null = Invoke-WebRequest -Uri $Url -TimeoutSec 2 -SkipCertificateCheck -SkipHttpErrorCheck -MaximumRedirection 0 -ErrorAction Stop
            return $true
        }
        catch { return $false }
    }
    if ($Port) {
        $client = [System.Net.Sockets.TcpClient]::new()
        try { $client.Connect($Address, $Port); return $true } catch { return $false } finally { $client.Dispose() }
    }
    throw 'Start-RealServer needs -ReadyUrl or -ReadyPort.'
}

function Stop-RealServer {
    param([Parameter(ValueFromPipeline)]$Server)
    process {
        if (-not $Server) { return }
        if ($Server.Process -and -not $Server.Process.HasExited) {
            try { $Server.Process.Kill($true) } catch { }
            $null = $Server.Process.WaitForExit(5000)
        }
    }
}

function Invoke-Curl {
    # Ground truth: what the server really answers, as curl sees it (status, headers, body), never through the module.
    param([Parameter(Mandatory)][string]$Url, [string]$Method = 'GET', [string[]]$Header = @(), [string]$Body)
    # Loopback only, never through a proxy; no bare '*' (pwsh on Unix globs it into file names).
    $curlArgs = @('-sS', '-k', '-X', $Method, '-D', '-', '--max-time', '10', '--noproxy', '127.0.0.0/8,localhost,::1')
    foreach ($h in $Header) { $curlArgs += @('-H', $h) }
    if ($PSBoundParameters.ContainsKey('Body')) { $curlArgs += @('--data-binary', $Body) }
    $raw = (& curl @curlArgs $Url) -join "`n"
    $split = $raw -split "`r?`n`r?`n", 2
    $status = if ($split[0] -match '^HTTP/\S+ (\d{3})') { [int]$Matches[1] } else { 0 }
    [pscustomobject]@{ StatusCode = $status; Headers = $split[0]; Body = if ($split.Count -gt 1) { $split[1] } else { '' } }
}

function Read-RealServerLog {
    <#
    The lines a server logged after the first -Skip ones, once its log has settled. The log is written by event
    actions, which PowerShell runs only while it waits for events (Start-Sleep does not run them): Wait-Event pumps
    them until the line count holds still for a second, or 15 s pass.
    #>
    param([Parameter(Mandatory)]$Server, [int]$Skip = 0)
    $deadline = [DateTime]::UtcNow.AddSeconds(15)
    $count = -1
    while ([DateTime]::UtcNow -lt $deadline) {
        $null = Wait-Event -SourceIdentifier "apithreat-never-raised-$PID" -Timeout 1
        $now = @(Get-Content $Server.LogPath).Count
        if ($now -eq $count) { break }
        $count = $now
    }
    @(Get-Content $Server.LogPath | Select-Object -Skip $Skip)
}

function Get-EndpointLine($Endpoints) {
    # "Kind /path" of each endpoint reported, sorted, as the wings' tests state them.
    @($Endpoints | ForEach-Object { "$($_.Kind) $(([uri]$_.Url).AbsolutePath)" } | Sort-Object)
}

function Get-OperationLine($Endpoint) {
    # "METHOD path" of each operation of one endpoint, sorted.
    @($Endpoint.Operations | ForEach-Object { "$($_.Method) $($_.Path)" } | Sort-Object)
}
