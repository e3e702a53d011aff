#Requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests, demonstrates and benchmarks ApiThreat.
.DESCRIPTION
    Build  publishes the cmdlets to output/ApiThreat/<version>/, the engine and its dependencies to deps/ (IL) and,
           precompiled (ReadyToRun) for this machine's platform and the running .NET, to deps/r2r/<tfm>/<rid>/
           (-ReadyToRun to choose),
           merges the format views, copies data/ and generates MAML help from module/en-US/*.md.
    Test   Build, then xunit (dotnet test) and Pester (restored from NuGet, imported by path) against the
           built module with the Lab running; ends with one line: N passed, N failed[, N skipped].
    Demo   Build, start the Lab, run the main job against the Lab's domain, print a summary and the report path.
    Bench  Build, start the Lab, run tests/bench/*.bench.ps1 and print one table.
    Package  Build with ReadyToRun code for linux-x64, win-x64 and osx-arm64 (.NET 8 and .NET 10), then pack the module into
           output/package/ApiThreat.<version>.nupkg with PSResourceGet (the package Publish-PSResource and
           Install-PSResource take).
    Fuzz   Publish the SharpFuzz harnesses (tests/fuzz), instrument the engine, run each target under AFL++ for
           -FuzzSeconds, print executions, corpus, crashes and hangs; crashing inputs land in output/fuzz/<target>/.
    Clean  Removes output/ and every bin/obj.
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Fuzz', 'Package', 'Clean')]
    [string]$Task = 'Build',
    [ValidateSet('Debug', 'Release')]
    [string]$Configuration = 'Release',
    # Pester tests to run (file or folder); default all of tests/Pester.
    [string[]]$PesterPath,
    # Benchmarks to run by name (wildcards); default all.
    [string]$Bench = '*',
    # Seconds each fuzz target runs under AFL++ (-Task Fuzz).
    [ValidateRange(5, 86400)]
    [int]$FuzzSeconds = 60,
    # Fuzz targets to run (names or wildcards); default all.
    [string[]]$FuzzTarget = '*',
    # Platforms to precompile the engine for (ReadyToRun): Current (Build's default: this machine's, when it is
    # linux-x64, win-x64 or osx-arm64), All (Package's default: those three), None (IL only), or RIDs by name.
    [string[]]$ReadyToRun,
    [switch]$SkipXunit,
    [switch]$SkipPester
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
. (Join-Path $root 'src/build/BuildTasks.ps1')

switch ($Task) {
    'Clean'   { Invoke-Clean -Root $root }
    'Build'   { $null = Invoke-Build -Root $root -Configuration $Configuration -ReadyToRun ($ReadyToRun ?? 'Current') }
    'Package' { $null = Invoke-Package -Root $root -Configuration $Configuration -ReadyToRun ($ReadyToRun ?? 'All') }
    'Test'    { Invoke-Test -Root $root -Configuration $Configuration -PesterPath $PesterPath -SkipXunit:$SkipXunit -SkipPester:$SkipPester }
    'Demo'    { Invoke-Demo -Root $root -Configuration $Configuration }
    'Bench'   { Invoke-Bench -Root $root -Configuration $Configuration -Name $Bench }
    'Fuzz'    { Invoke-Fuzz -Root $root -Seconds $FuzzSeconds -Target $FuzzTarget }
}
