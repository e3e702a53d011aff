# Packs a built module folder into <Name>.<Version>.nupkg with PowerShell's own PSResourceGet (Publish-PSResource to a
# throw-away local repository), so the package is exactly what Install-PSResource and Publish-PSResource accept.
# Runs in a child pwsh: on Linux and macOS build.ps1 gives it a temporary HOME, so the repository registration never
# touches the user's PSResourceGet settings; on Windows the temporary repository is unregistered at the end.
param(
    [Parameter(Mandatory)][string]$ModulePath,
    [Parameter(Mandatory)][string]$DestinationPath
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$manifest = Import-PowerShellDataFile (Join-Path $ModulePath 'ApiThreat.psd1')
$work = Join-Path ([System.IO.Path]::GetTempPath()) "apithreat-pack-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
$feed = Join-Path $work 'feed'
# Publish-PSResource wants the module in a folder named after it.
$staged = Join-Path $work 'ApiThreat'
$null = New-Item -ItemType Directory -Force $feed
Copy-Item -Recurse $ModulePath $staged
$repository = "ApiThreatPack$([guid]::NewGuid().ToString('n').Substring(0, 8))"
try {
    Register-PSResourceRepository -Name $repository -Uri $feed -Trusted
    Publish-PSResource -Path $staged -Repository $repository -SkipDependenciesCheck
    $package = Get-ChildItem $feed -Filter '*.nupkg' | Select-Object -First 1
    if (-not $package) { throw "Publish-PSResource wrote no package into $feed." }
    $null = New-Item -ItemType Directory -Force $DestinationPath
    $target = Join-Path $DestinationPath "ApiThreat.$($manifest.ModuleVersion).nupkg"
    Copy-Item $package.FullName $target -Force
    Write-Output $target
}
finally {
    Unregister-PSResourceRepository -Name $repository -ErrorAction SilentlyContinue
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}
