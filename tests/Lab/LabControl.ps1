# Starts and stops the Lab as a child process (Pester, Demo and Bench use it; xunit hosts it in-process).

function Start-ApiThreatLab {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)][string]$LabDll,
        [string]$ManifestPath = (Join-Path ([IO.Path]::GetTempPath()) "apithreat-lab-$PID-$([guid]::NewGuid().ToString('n').Substring(0,8))/lab.json"),
        [int]$TimeoutSec = 90
    )
    if (-not (Test-Path $LabDll)) { throw "The Lab is not built: '$LabDll' does not exist. Run ./build.ps1 -Task Test (or Demo/Bench)." }
    Remove-Item $ManifestPath -ErrorAction SilentlyContinue
    $dotnet = (Get-Command dotnet -CommandType Application | Select-Object -First 1).Source
    $log = "$ManifestPath.log"
    $null = New-Item -ItemType Directory -Force (Split-Path $ManifestPath)
    $process = Start-Process -FilePath $dotnet -ArgumentList @("`"$LabDll`"", '-Manifest', "`"$ManifestPath`"", '-ParentProcessId', $PID) `
        -PassThru -RedirectStandardOutput $log -RedirectStandardError "$log.err"
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    while (-not (Test-Path $ManifestPath)) {
        if ($process.HasExited) { throw "The Lab exited with code $($process.ExitCode): $(Get-Content -Raw "$log.err" -ErrorAction SilentlyContinue)" }
        if ([DateTime]::UtcNow -gt $deadline) { $process.Kill(); throw "The Lab did not start within $TimeoutSec s." }
        Start-Sleep -Milliseconds 100
    }
    $manifest = Get-Content -Raw $ManifestPath | ConvertFrom-Json
    $manifest | Add-Member -NotePropertyName ManifestPath -NotePropertyValue $ManifestPath
    $manifest | Add-Member -NotePropertyName Process -NotePropertyValue $process
    $manifest
}

function Stop-ApiThreatLab {
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline)]$Lab)
    process {
        if ($Lab.Process -and -not $Lab.Process.HasExited) {
            $Lab.Process.Kill($true)
            $null = $Lab.Process.WaitForExit(5000)
        }
    }
}
