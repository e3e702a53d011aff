# The tasks of build.ps1. Plain functions: the PowerShell Gallery's build tools are not reachable here.

function Get-ModuleVersion([string]$Root) {
    (Import-PowerShellDataFile (Join-Path $Root 'ApiThreat.psd1')).ModuleVersion
}

function Invoke-Native {
    # Runs a native command and throws when it fails, naming it.
    param([Parameter(Mandatory)][string]$FilePath, [string[]]$ArgumentList)
    & $FilePath @ArgumentList | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code $LASTEXITCODE." }
}

function Invoke-Clean([string]$Root) {
    Remove-Item -Recurse -Force (Join-Path $Root 'output') -ErrorAction SilentlyContinue
    Get-ChildItem $Root -Recurse -Directory -Include bin, obj -ErrorAction SilentlyContinue |
        Where-Object FullName -NotLike '*node_modules*' | Remove-Item -Recurse -Force
}

# The platforms the module ships precompiled (ReadyToRun) code for; every other platform JITs the portable IL.
$script:ReadyToRunRids = 'linux-x64', 'win-x64', 'osx-arm64'
# The .NET versions of the PowerShell LTS releases (7.4 on .NET 8, 7.6 on .NET 10): each gets its own images, since a
# runtime refuses precompiled code made for another major version. Others (7.5 on .NET 9) JIT the portable IL.
$script:ReadyToRunFrameworks = 'net8.0', 'net10.0'

function Resolve-ReadyToRunFramework([string[]]$ReadyToRun) {
    # Build ('Current'): the framework of the PowerShell running the build (the one its tests and benchmarks use), or
    # every one when that runtime has none; Package and named RIDs: every one.
    $running = "net$([Environment]::Version.Major).0"
    if (($ReadyToRun -join ',') -match '^(|Current)$' -and $running -in $script:ReadyToRunFrameworks) { return $running }
    $script:ReadyToRunFrameworks
}

function Get-CurrentRid {
    # OS and architecture only: precompiled code is not libc-specific, so linux-musl-x64 uses linux-x64's.
    $os = if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } else { 'linux' }
    "$os-$([System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture.ToString().ToLowerInvariant())"
}

function Resolve-ReadyToRunRid([string[]]$ReadyToRun) {
    # 'Current' (Build's default): this machine's platform when it is one the module ships for; 'All': every one
    # (Package's default); 'None': IL only; or RIDs by name.
    switch -Regex ($ReadyToRun -join ',') {
        '^(|Current)$' { @($script:ReadyToRunRids | Where-Object { $_ -eq (Get-CurrentRid) }); break }
        '^All$' { $script:ReadyToRunRids; break }
        '^None$' { @(); break }
        default {
            foreach ($rid in $ReadyToRun) {
                if ($rid -notmatch '^(win|linux|osx)-(x64|x86|arm64|arm)$') { throw "-ReadyToRun '$rid' is not a RID like linux-x64, win-x64 or osx-arm64 (or Current, All, None)." }
                $rid
            }
        }
    }
}

function Publish-ReadyToRun {
    # Precompiles the engine and its NuGet dependencies for each RID and each .NET major version PowerShell runs on
    # (crossgen2, framework-dependent, tiered PGO left on: the runtime still re-JITs hot methods with profile data) into
    # deps/r2r/<tfm>/<rid>/, beside the portable IL in deps/. A runtime reads only images made for its own major version
    # (it JITs any other without a word), so an image built against .NET 8 is worth nothing under PowerShell 7.6 on .NET 10.
    # The same sources are compiled for the newer framework (the IL in deps/ stays net8.0 for PowerShell 7.4); the
    # module's load context takes the folder of the running runtime and platform (DataPaths.ReadyToRunDirectory).
    param([string]$Root, [string]$Configuration, [string]$Version, [string]$ModuleDir, [string]$Staging, [string[]]$Rids,
        [string[]]$Frameworks)
    $managed = @(Get-ChildItem (Join-Path $ModuleDir 'deps') -Filter '*.dll' -File | ForEach-Object Name)
    $project = Join-Path $Root 'src/ApiThreat.Engine/ApiThreat.Engine.csproj'
    foreach ($framework in $Frameworks) {
        # The project targets net8.0; a newer framework is added for this publish only.
        $target = if ($framework -eq 'net8.0') { @() } else { @("-p:TargetFrameworks=net8.0%3B$framework", '-f', $framework) }
        foreach ($rid in $Rids) {
            Write-Host "ReadyToRun: $framework $rid"
            $out = Join-Path $Staging "r2r-$framework-$rid"
            # crossgen2 is given the files publish copies, and ApiThreat.Model is not one (it is shared with the default
            # context): without it, every engine method that touches a model type was left uncompiled and JIT-compiled in
            # each fresh process (the whole certificate inspection). It compiles against the very model the module ships.
            $model = "-p:PublishReadyToRunCrossgen2ExtraArgs=-r:$(Join-Path $ModuleDir 'ApiThreat.Model.dll')"
            Invoke-Native dotnet (@('publish', $project, '-c', $Configuration, "-p:Version=$Version") + $target + @(
                '-r', $rid, '--self-contained', 'false', '-p:PublishReadyToRun=true', $model, '-o', $out, '--nologo', '-v', 'quiet', '-clp:ErrorsOnly'))
            $destination = Join-Path $ModuleDir "deps/r2r/$framework/$rid"
            $null = New-Item -ItemType Directory -Force $destination
            # Only the managed assemblies deps/ already holds (not the RID's native SQLite, which deps/runtimes has); a
            # package the newer framework itself provides (DiagnosticSource) is not published for it and loads from there.
            Get-ChildItem $out -Filter '*.dll' -File | Where-Object { $_.Name -in $managed } | Copy-Item -Destination $destination
        }
    }
}

function Invoke-Build {
    param([string]$Root, [string]$Configuration = 'Release', [string[]]$ReadyToRun = 'Current')
    $version = Get-ModuleVersion $Root
    $moduleDir = Join-Path $Root "output/ApiThreat/$version"
    $staging = Join-Path $Root 'output/.staging'
    Remove-Item -Recurse -Force $moduleDir, $staging -ErrorAction SilentlyContinue
    $null = New-Item -ItemType Directory -Force $moduleDir, $staging

    $common = @("-c", $Configuration, "-p:Version=$version", '--nologo', '-v', 'quiet', '-clp:ErrorsOnly')
    Write-Host "Building ApiThreat $version ($Configuration)"
    Invoke-Native dotnet (@('publish', (Join-Path $Root 'src/ApiThreat/ApiThreat.csproj'), '-o', (Join-Path $staging 'cmdlets')) + $common)
    Invoke-Native dotnet (@('publish', (Join-Path $Root 'src/ApiThreat.Engine/ApiThreat.Engine.csproj'), '-o', (Join-Path $moduleDir 'deps')) + $common)

    # The cmdlets and the public model sit in the module root (default load context); everything else in deps/.
    foreach ($file in 'ApiThreat.dll', 'ApiThreat.Model.dll') {
        Copy-Item (Join-Path $staging "cmdlets/$file") $moduleDir
    }
    Remove-Item (Join-Path $moduleDir 'deps/ApiThreat.Model.dll'), (Join-Path $moduleDir 'deps/*.pdb') -ErrorAction SilentlyContinue
    Remove-Item (Join-Path $moduleDir 'deps/*.deps.json') -ErrorAction SilentlyContinue
    # Native libraries (SQLite's e_sqlite3) load from deps/runtimes/<rid>/native through the engine's load context;
    # keep the platforms PowerShell 7 runs on, drop the rest (browser-wasm, mips, s390x...).
    $keepRids = 'win-x64', 'win-x86', 'win-arm64', 'linux-x64', 'linux-arm', 'linux-arm64', 'linux-musl-x64', 'linux-musl-arm64', 'osx-x64', 'osx-arm64'
    Get-ChildItem (Join-Path $moduleDir 'deps/runtimes') -Directory -ErrorAction SilentlyContinue |
        Where-Object Name -NotIn $keepRids | Remove-Item -Recurse -Force
    Publish-ReadyToRun -Root $Root -Configuration $Configuration -Version $version -ModuleDir $moduleDir -Staging $staging -Rids (Resolve-ReadyToRunRid $ReadyToRun) `
        -Frameworks (Resolve-ReadyToRunFramework $ReadyToRun)

    Merge-FormatFile -Source (Join-Path $Root 'module/formats') -Destination (Join-Path $moduleDir 'ApiThreat.format.ps1xml')
    if (Test-Path (Join-Path $Root 'module/types')) {
        Copy-Item (Join-Path $Root 'module/types/*') $moduleDir
    }
    # Serialization types for every public model class, read from the built model (a class added is never forgotten).
    Invoke-Pwsh -File (Join-Path $Root 'src/build/New-SerializationTypes.ps1') -ArgumentList @(
        '-ModelAssembly', (Join-Path $moduleDir 'ApiThreat.Model.dll'), '-OutputPath', (Join-Path $moduleDir 'ApiThreat.Serialization.types.ps1xml'))
    # Readable text for the model's collections (Export-Csv: "a; b", not "System.String[]"), from the same assembly.
    Invoke-Pwsh -File (Join-Path $Root 'src/build/New-TextTypes.ps1') -ArgumentList @(
        '-ModelAssembly', (Join-Path $moduleDir 'ApiThreat.Model.dll'), '-OutputPath', (Join-Path $moduleDir 'ApiThreat.Text.types.ps1xml'))
    Write-BuiltManifest -Source (Join-Path $Root 'ApiThreat.psd1') -ModuleDir $moduleDir
    Copy-Item (Join-Path $Root 'LICENSE') $moduleDir
    Copy-Item -Recurse (Join-Path $Root 'module/data') (Join-Path $moduleDir 'data')
    $null = New-Item -ItemType Directory -Force (Join-Path $moduleDir 'en-US')
    Copy-Item (Join-Path $Root 'module/en-US/about_*.help.txt') (Join-Path $moduleDir 'en-US')

    # Help is generated in a child process from the markdown prose and the built cmdlets' own metadata,
    # so syntax and parameter facts never drift from the code.
    $helpScript = Join-Path $Root 'src/build/New-MamlHelp.ps1'
    Invoke-Pwsh -File $helpScript -ArgumentList @('-ModulePath', $moduleDir,
        '-MarkdownPath', (Join-Path $Root 'module/en-US'), '-OutputPath', (Join-Path $moduleDir 'en-US/ApiThreat.dll-Help.xml'))
    Remove-Item -Recurse -Force $staging
    Write-Host "Module: $moduleDir"
    $moduleDir
}

function Write-BuiltManifest([string]$Source, [string]$ModuleDir) {
    # The source manifest leaves out the keys that name built files (so it passes Test-ModuleManifest in the source
    # tree); the built copy gets them, pointing at what this build produced.
    $types = @(Get-ChildItem $ModuleDir -Filter '*.types.ps1xml' | Sort-Object Name | ForEach-Object { "'$($_.Name)'" })
    $keys = @(
        "    RootModule           = 'ApiThreat.dll'"
        # ApiThreat.dll too: the serialization types name its ModelTypeConverter, and types load before the root module.
        "    RequiredAssemblies   = @('ApiThreat.Model.dll', 'ApiThreat.dll')"
        "    FormatsToProcess     = @('ApiThreat.format.ps1xml')"
        $(if ($types) { "    TypesToProcess       = @($($types -join ', '))" })
    )
    $text = Get-Content -Raw $Source
    $open = $text.IndexOf("@{")
    if ($open -lt 0) { throw "$Source is not a module manifest (no '@{')." }
    $built = "# Built by build.ps1 from the repository's ApiThreat.psd1, with the files of this build.`n@{`n" + ($keys -join "`n") + $text.Substring($open + 2)
    Set-Content -Path (Join-Path $ModuleDir 'ApiThreat.psd1') -Value $built -NoNewline -Encoding utf8NoBOM
}

function Invoke-Pwsh {
    # Runs a script in a child pwsh of the same PowerShell that runs this build (the pinned dotnet tool under CI,
    # where the process is 'dotnet' and PowerShell itself is $PSHOME/pwsh.dll).
    param([Parameter(Mandatory)][string]$File, [string[]]$ArgumentList = @(), [switch]$NoThrow)
    $apphost = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    $cmd, $prefix = if (Test-Path $apphost) { $apphost, @() } else { (Get-Process -Id $PID).Path, @((Join-Path $PSHOME 'pwsh.dll')) }
    & $cmd @prefix -NoProfile -NonInteractive -File $File @ArgumentList
    if (-not $NoThrow -and $LASTEXITCODE -ne 0) { throw "'$File' failed with exit code $LASTEXITCODE." }
}

function Merge-FormatFile([string]$Source, [string]$Destination) {
    # module/formats/*.format.ps1xml (one per capability) -> one ApiThreat.format.ps1xml.
    $views = foreach ($file in Get-ChildItem $Source -Filter '*.format.ps1xml' | Sort-Object Name) {
        [xml]$xml = Get-Content -Raw $file.FullName
        foreach ($view in $xml.Configuration.ViewDefinitions.View) { $view.OuterXml }
    }
    $content = "<?xml version=`"1.0`" encoding=`"utf-8`"?>`n<!-- Generated by build.ps1 from module/formats/*.format.ps1xml. -->`n<Configuration>`n<ViewDefinitions>`n$($views -join "`n")`n</ViewDefinitions>`n</Configuration>`n"
    $formatted = [xml]$content
    $settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
    $writer = [System.Xml.XmlWriter]::Create($Destination, $settings)
    try { $formatted.Save($writer) } finally { $writer.Dispose() }
}

function Invoke-Package([string]$Root, [string]$Configuration, [string[]]$ReadyToRun = 'All') {
    # One package for every platform becomes output/package/ApiThreat.<version>.nupkg: the portable IL and every
    # platform's native SQLite, plus precompiled (ReadyToRun) copies of the engine for linux-x64, win-x64 and osx-arm64.
    $moduleDir = Invoke-Build -Root $Root -Configuration $Configuration -ReadyToRun $ReadyToRun
    $destination = Join-Path $Root 'output/package'
    Remove-Item -Recurse -Force $destination -ErrorAction SilentlyContinue
    $xdg = Join-Path ([System.IO.Path]::GetTempPath()) "apithreat-pack-home-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
    $saved = $env:HOME, $env:XDG_DATA_HOME
    try {
        # Registering the temporary repository must not change the user's PSResourceGet settings (Linux, macOS).
        if (-not $IsWindows) { $env:HOME = $xdg; $env:XDG_DATA_HOME = Join-Path $xdg '.local/share' }
        Invoke-Pwsh -File (Join-Path $Root 'src/build/New-ModulePackage.ps1') -ArgumentList @('-ModulePath', $moduleDir, '-DestinationPath', $destination)
    }
    finally {
        $env:HOME, $env:XDG_DATA_HOME = $saved
        Remove-Item -Recurse -Force $xdg -ErrorAction SilentlyContinue
    }
    $package = Get-ChildItem $destination -Filter '*.nupkg' | Select-Object -First 1
    Write-Host "Package: $($package.FullName)"
    $package.FullName
}

function Build-Lab([string]$Root, [string]$Configuration) {
    $out = Join-Path $Root 'output/lab'
    Invoke-Native dotnet @('build', (Join-Path $Root 'tests/Lab/ApiThreat.Lab.csproj'), '-c', $Configuration, '-o', $out, '--nologo', '-v', 'quiet', '-clp:ErrorsOnly')
    Join-Path $out 'ApiThreat.Lab.dll'
}

function Restore-Pester([string]$Root) {
    # Pester comes from its NuGet package (the PowerShell Gallery is not reachable): restore, then import by path.
    $project = Join-Path $Root 'tests/Pester/PesterRestore.csproj'
    Invoke-Native dotnet @('restore', $project, '--nologo', '-v', 'quiet')
    $version = ([xml](Get-Content -Raw (Join-Path $Root 'Directory.Packages.props'))).Project.ItemGroup.PackageVersion |
        Where-Object Include -EQ 'Pester' | ForEach-Object Version
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    $manifest = Join-Path $packages "pester/$version/tools/Pester.psd1"
    if (-not (Test-Path $manifest)) { throw "Pester $version was restored but $manifest is missing." }
    $manifest
}

function Invoke-Test {
    param([string]$Root, [string]$Configuration, [string[]]$PesterPath, [switch]$SkipXunit, [switch]$SkipPester)
    $moduleDir = Invoke-Build -Root $Root -Configuration $Configuration
    $labDll = Build-Lab -Root $Root -Configuration $Configuration
    $results = Join-Path $Root 'output/test-results'
    Remove-Item -Recurse -Force $results -ErrorAction SilentlyContinue
    $null = New-Item -ItemType Directory -Force $results
    $totals = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0 }
    $failures = @()

    if (-not $SkipXunit) {
        Write-Host "`n== xunit ==" -ForegroundColor Cyan
        & dotnet test (Join-Path $Root 'tests/ApiThreat.Engine.Tests/ApiThreat.Engine.Tests.csproj') -c $Configuration --nologo `
            --logger "trx;LogFileName=xunit.trx" --results-directory $results --logger 'console;verbosity=minimal'
        $trx = Get-ChildItem $results -Filter 'xunit.trx' -Recurse | Select-Object -First 1
        if ($trx) {
            [xml]$x = Get-Content -Raw $trx.FullName
            $c = $x.TestRun.ResultSummary.Counters
            $totals.Passed += [int]$c.passed
            $totals.Failed += [int]$c.failed + [int]$c.error + [int]$c.timeout + [int]$c.aborted
            # dotnet test leaves notExecuted at 0 for skipped facts: what was not executed is total - executed.
            $skipped = [Math]::Max([int]$c.notExecuted, [int]$c.total - [int]$c.executed)
            $totals.Skipped += $skipped
            Write-Host ("xunit: {0} passed, {1} failed, {2} skipped" -f $c.passed, $c.failed, $skipped)
            # Named again at the end of the run, where a CI excerpt (its last lines) shows them.
            foreach ($r in @($x.TestRun.Results.UnitTestResult | Where-Object outcome -eq 'Failed')) {
                $why = ("$($r.Output.ErrorInfo.Message)" -split "`n")[0]
                $failures += 'xunit failed: {0}: {1}' -f $r.testName, $why.Substring(0, [Math]::Min(300, $why.Length))
            }
        }
        else {
            $totals.Failed += 1
            $failures += 'xunit produced no results (build or runner failure).'
        }
    }

    if (-not $SkipPester) {
        Write-Host "`n== Pester ==" -ForegroundColor Cyan
        $pester = Restore-Pester -Root $Root
        $summary = Join-Path $results 'pester-summary.json'
        $paths = if ($PesterPath) { $PesterPath } else { @(Join-Path $Root 'tests/Pester') }
        Invoke-Pwsh -NoThrow -File (Join-Path $Root 'tests/Pester/Invoke-PesterRun.ps1') -ArgumentList (@(
            '-PesterManifest', $pester, '-ModulePath', $moduleDir, '-LabDll', $labDll, '-SummaryPath', $summary,
            '-ResultsDirectory', $results, '-Path') + ($paths -join ','))
        if (Test-Path $summary) {
            $s = Get-Content -Raw $summary | ConvertFrom-Json
            $totals.Passed += $s.Passed; $totals.Failed += $s.Failed; $totals.Skipped += $s.Skipped
            $failures += @($s.Failures | Where-Object { $_ } | ForEach-Object { "Pester failed: $_" })
        }
        else {
            $totals.Failed += 1
            $failures += 'Pester produced no summary (runner failure).'
        }
    }

    foreach ($f in $failures) { Write-Host $f -ForegroundColor Red }
    $line = "{0} passed, {1} failed" -f $totals.Passed, $totals.Failed
    if ($totals.Skipped) { $line += ", {0} skipped" -f $totals.Skipped }
    Write-Host ''
    Write-Output $line
    if ($totals.Failed -gt 0) { exit 1 }
}

function Invoke-Demo([string]$Root, [string]$Configuration) {
    $moduleDir = Invoke-Build -Root $Root -Configuration $Configuration
    $labDll = Build-Lab -Root $Root -Configuration $Configuration
    Invoke-Pwsh -File (Join-Path $Root 'tests/Demo.ps1') -ArgumentList @('-ModulePath', $moduleDir, '-LabDll', $labDll, '-OutputDirectory', (Join-Path $Root 'output/demo'))
}

function Invoke-Bench([string]$Root, [string]$Configuration, [string]$Name) {
    $moduleDir = Invoke-Build -Root $Root -Configuration $Configuration
    $labDll = Build-Lab -Root $Root -Configuration $Configuration
    # -Name:pattern in one token: pwsh on Unix expands a bare '*' argument of a native command into file names.
    Invoke-Pwsh -File (Join-Path $Root 'tests/bench/Invoke-Benchmarks.ps1') -ArgumentList @('-ModulePath', $moduleDir, '-LabDll', $labDll, "-Name:$Name")
}

function Invoke-Fuzz([string]$Root, [int]$Seconds, [string[]]$Target) {
    # SharpFuzz instruments the engine; AFL++ (Debian package afl++) drives each harness target for a bounded time.
    if (-not (Get-Command afl-fuzz -ErrorAction SilentlyContinue)) {
        if ($IsLinux -and (id -u) -eq 0 -and (Get-Command apt-get -ErrorAction SilentlyContinue)) { Invoke-Native apt-get @('install', '-y', '-q', 'afl++') }
        else { throw 'afl-fuzz is not installed. Install AFL++ (Debian/Ubuntu: apt-get install afl++) and run again.' }
    }
    $out = Join-Path $Root 'output/fuzz'
    $bin = Join-Path $out 'bin'
    Remove-Item -Recurse -Force $bin -ErrorAction SilentlyContinue
    Invoke-Native dotnet @('publish', (Join-Path $Root 'tests/fuzz/ApiThreat.Fuzz.csproj'), '-c', 'Release', '-o', $bin, '--nologo', '-v', 'quiet', '-clp:ErrorsOnly')
    Invoke-Native dotnet @('tool', 'restore')
    Invoke-Native dotnet @('sharpfuzz', (Join-Path $bin 'ApiThreat.Engine.dll'))
    $harness = Join-Path $bin 'ApiThreat.Fuzz'
    # "a,b" arrives as one string through pwsh -File: split it here.
    $patterns = $Target -split ',' | ForEach-Object Trim | Where-Object { $_ }
    $targets = & $harness --list | Where-Object { $name = $_; $patterns | Where-Object { $name -like $_ } }
    if ($LASTEXITCODE -ne 0 -or -not $targets) { throw "No fuzz target matches '$Target' (or the harness failed to list its targets)." }
    $env:AFL_SKIP_BIN_CHECK = '1'; $env:AFL_NO_UI = '1'; $env:AFL_SKIP_CPUFREQ = '1'; $env:AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES = '1'
    # The machine is shared (other fuzzers, builds): do not pin to a core that may already be busy.
    $env:AFL_NO_AFFINITY = '1'
    $rows = foreach ($t in $targets) {
        $seeds = Join-Path $Root "tests/fuzz/seeds/$t"
        $findings = Join-Path $out $t
        Remove-Item -Recurse -Force $findings -ErrorAction SilentlyContinue
        Write-Host "Fuzzing '$t' for $Seconds s"
        & afl-fuzz -i $seeds -o $findings -t 5000 -m none -V $Seconds -- $harness $t *> (Join-Path $out "$t.log")
        $stats = @{}
        $statsFile = Join-Path $findings 'default/fuzzer_stats'
        if (Test-Path $statsFile) {
            foreach ($line in Get-Content $statsFile) { $k, $v = $line -split '\s*:\s*', 2; $stats[$k.Trim()] = $v }
        }
        [pscustomobject]@{
            Target = $t; Seconds = $stats['run_time']; Executions = $stats['execs_done']; Corpus = $stats['corpus_count']; Coverage = $stats['bitmap_cvg']
            Crashes = $stats['saved_crashes']; Hangs = $stats['saved_hangs']; Findings = (Join-Path $findings 'default')
        }
    }
    $rows | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
    Write-Host 'Replay an input: dotnet output/fuzz/bin/ApiThreat.Fuzz.dll <target> <file>. Keep a fixed crash as a regression test in tests/fuzz/regressions/<target>/.'
    if ($rows | Where-Object { [int]$_.Crashes -gt 0 }) { exit 1 }
}
