BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    $script:PwshPrefix = @()
    if (-not (Test-Path $Pwsh)) { $script:Pwsh = (Get-Process -Id $PID).Path; $script:PwshPrefix = @(Join-Path $PSHOME 'pwsh.dll') }
    function Invoke-ChildPwsh([string]$Script, [string]$DataHome) {
        # A child pwsh whose home (PSResourceGet's repository list, the CurrentUser module folder) is a temporary
        # folder on Linux and macOS, so installing never touches this machine's modules or settings.
        $saved = $env:HOME, $env:XDG_DATA_HOME
        try {
            if ($DataHome -and -not $IsWindows) { $env:HOME = $DataHome; $env:XDG_DATA_HOME = Join-Path $DataHome '.local/share' }
            $out = & $Pwsh @PwshPrefix -NoProfile -NonInteractive -Command $Script 2>&1
            [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($out | Out-String) }
        }
        finally { $env:HOME, $env:XDG_DATA_HOME = $saved }
    }
}

Describe 'Installing ApiThreat like any module' {
    It 'the source manifest passes Test-ModuleManifest and names project, licence, release notes and help' {
        $m = Test-ModuleManifest (Join-Path $RepoRoot 'ApiThreat.psd1') -ErrorAction Stop
        $m.Version | Should -Be (Import-PowerShellDataFile (Join-Path $ModulePath 'ApiThreat.psd1')).ModuleVersion
        $m.ProjectUri | Should -Not -BeNullOrEmpty
        $m.LicenseUri.AbsoluteUri | Should -BeLike "$($m.ProjectUri.AbsoluteUri.TrimEnd('/'))/*/LICENSE"
        $m.ReleaseNotes | Should -Not -BeNullOrEmpty
        $m.HelpInfoUri | Should -Not -BeNullOrEmpty
        Join-Path $RepoRoot 'LICENSE' | Should -FileContentMatch '^MIT License'
    }

    It 'the built manifest passes Test-ModuleManifest with the files of the build' {
        $m = Test-ModuleManifest (Join-Path $ModulePath 'ApiThreat.psd1') -ErrorAction Stop
        $m.RootModule | Should -Be 'ApiThreat.dll'
        $m.ExportedCmdlets.Keys | Should -Contain 'Invoke-ApiThreatScan'
        Join-Path $ModulePath 'LICENSE' | Should -Exist
    }

    It 'packs into a .nupkg that Install-PSResource installs into a temporary module path, and the module imports and runs' {
        $work = Join-Path $TestDrive 'install'
        $feed = Join-Path $work 'feed'
        $null = New-Item -ItemType Directory -Force $feed
        # The same packing script as build.ps1 -Task Package, on the module under test.
        $pack = Invoke-ChildPwsh -DataHome (Join-Path $work 'pack-home') -Script "& '$RepoRoot/src/build/New-ModulePackage.ps1' -ModulePath '$ModulePath' -DestinationPath '$feed'"
        $pack.ExitCode | Should -Be 0 -Because $pack.Output
        $nupkg = Get-ChildItem $feed -Filter 'ApiThreat.*.nupkg'
        $nupkg | Should -HaveCount 1
        $modules = Join-Path $work 'modules'
        $install = @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name ApiThreatTest -Uri '$feed' -Trusted
try {
    if (`$IsWindows) {
        # Install-PSResource has no destination on Windows (Documents): Save-PSResource gives the same layout in a temporary folder.
        Save-PSResource -Name ApiThreat -Repository ApiThreatTest -Path '$modules' -TrustRepository
        `$env:PSModulePath = '$modules' + [IO.Path]::PathSeparator + `$env:PSModulePath
    }
    else { Install-PSResource -Name ApiThreat -Repository ApiThreatTest -Scope CurrentUser -TrustRepository }
    `$installed = Get-Module -ListAvailable ApiThreat
    Import-Module ApiThreat
    `$rules = @(Get-ApiThreatRule -Severity Critical)
    'MODULE=' + (Get-Module ApiThreat).ModuleBase
    'INSTALLED=' + (@(`$installed).Count)
    'RULES=' + `$rules.Count
    'HELP=' + ((Get-Help Get-ApiThreatRule).Synopsis)
}
finally { Unregister-PSResourceRepository -Name ApiThreatTest }
"@
        $home2 = Join-Path $work 'home'
        $r = Invoke-ChildPwsh -DataHome $home2 -Script $install
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $r.Output | Should -Match 'INSTALLED=1'
        $r.Output | Should -Match 'RULES=[1-9]'
        $r.Output | Should -Match 'HELP=\S+'
        # The module came from the temporary module path, not from the build output.
        $base = [regex]::Match($r.Output, 'MODULE=(.+)').Groups[1].Value.Trim()
        $base | Should -BeLike ($IsWindows ? "$modules*" : "$home2*")
        Join-Path $base 'deps/ApiThreat.Engine.dll' | Should -Exist
    }
}
