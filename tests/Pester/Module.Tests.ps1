BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
}

Describe 'The built module' {
    It 'imports in a fresh pwsh' {
        # The time is a benchmark figure (tests/bench/ModuleImport.bench.ps1), not asserted here.
        $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
        $cmd, $prefix = if (Test-Path $pwsh) { $pwsh, @() } else { (Get-Process -Id $PID).Path, @((Join-Path $PSHOME 'pwsh.dll')) }
        $names = & $cmd @prefix -NoProfile -NonInteractive -Command "Import-Module '$ModulePath/ApiThreat.psd1'; (Get-Command -Module ApiThreat).Name"
        $names | Should -Contain 'Get-ApiThreatRule'
    }

    It 'exports exactly the cmdlets the manifest lists, and each exists' {
        $manifest = Import-PowerShellDataFile (Join-Path $ModulePath 'ApiThreat.psd1')
        $exported = (Get-Module ApiThreat).ExportedCmdlets.Keys | Sort-Object
        $exported | Should -Be ($manifest.CmdletsToExport | Sort-Object)
    }

    It 'has full help for every cmdlet: synopsis, description, every parameter, two examples' {
        foreach ($cmd in Get-Command -Module ApiThreat -CommandType Cmdlet) {
            $help = Get-Help $cmd.Name -Full
            $help.Synopsis | Should -Not -BeNullOrEmpty -Because $cmd.Name
            $help.Synopsis | Should -Not -BeLike "*$($cmd.Name) *[<]*" -Because "$($cmd.Name) needs a real synopsis"
            ($help.Description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because $cmd.Name
            @($help.Examples.Example).Count | Should -BeGreaterOrEqual 2 -Because $cmd.Name
            $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
            foreach ($p in $cmd.Parameters.Keys | Where-Object { $_ -notin $common }) {
                $ph = $help.Parameters.Parameter | Where-Object Name -EQ $p
                ($ph.Description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "$($cmd.Name) -$p"
            }
        }
    }

    It 'has about_ApiThreat and the topics on scope, scoring and errors' {
        (Get-Help about_ApiThreat | Out-String) | Should -Match 'SAFETY MODEL'
        (Get-Help about_ApiThreat_Scope | Out-String) | Should -Match '(?s)SAFETY MODEL.*-AllowPrivateAddress.*hosts file.*-Resolver'
        (Get-Help about_ApiThreat_Scoring | Out-String) | Should -Match '(?s)THE ARITHMETIC.*CAPS.*-PolicyPath'
        (Get-Help about_ApiThreat_Errors | Out-String) | Should -Match '(?s)Verbose.*FullyQualifiedErrorId.*RecommendedAction'
    }

    It 'help of every cmdlet has inputs, outputs, parameter defaults and related links generated from the code' {
        $project = (Import-PowerShellDataFile (Join-Path $ModulePath 'ApiThreat.psd1')).PrivateData.PSData.ProjectUri
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        foreach ($cmd in Get-Command -Module ApiThreat -CommandType Cmdlet) {
            $help = Get-Help $cmd.Name -Full
            @($help.inputTypes.inputType).Count | Should -BeGreaterThan 0 -Because "$($cmd.Name) INPUTS"
            $piped = $cmd.Parameters.Values | Where-Object { $_.Attributes | Where-Object { $_ -is [Parameter] -and ($_.ValueFromPipeline -or $_.ValueFromPipelineByPropertyName) } }
            if ($piped) { ($help.inputTypes | Out-String) | Should -Not -Match '\bNone\b' -Because "$($cmd.Name) takes pipeline input" }
            @($help.returnValues.returnValue).Count | Should -Be @($cmd.OutputType).Count -Because "$($cmd.Name) OUTPUTS"
            foreach ($p in $cmd.Parameters.Keys | Where-Object { $_ -notin $common }) {
                $ph = $help.Parameters.Parameter | Where-Object Name -EQ $p
                "$($ph.defaultValue)" | Should -Not -BeNullOrEmpty -Because "$($cmd.Name) -$p has a default value line"
            }
            $links = @($help.relatedLinks.navigationLink)
            $links[0].uri | Should -Be "$project/blob/main/module/en-US/$($cmd.Name).md"
            $cmd.HelpUri | Should -Be $links[0].uri          # Get-Help -Online opens it
            $links.linkText | Should -Contain 'about_ApiThreat'
        }
        # Defaults come from the code: a fresh instance of the cmdlet class.
        (Get-Help Export-ApiThreatReport -Parameter Format).defaultValue | Should -Be 'Html'
        (Get-Help Export-ApiThreatReport -Parameter PassThru).defaultValue | Should -Be 'False'
    }

    It 'has a default table view for every public type' {
        $views = ([xml](Get-Content -Raw (Join-Path $ModulePath 'ApiThreat.format.ps1xml'))).Configuration.ViewDefinitions.View.ViewSelectedBy.TypeName
        $types = [ApiThreat.Finding].Assembly.GetExportedTypes() | Where-Object { $_.IsClass -and -not $_.IsAbstract -and -not $_.IsEnum }
        foreach ($t in $types) { $views | Should -Contain $t.FullName -Because "$($t.FullName) needs a view" }
    }

    It 'declares an OutputType on every cmdlet, and every output type has a view' {
        $views = ([xml](Get-Content -Raw (Join-Path $ModulePath 'ApiThreat.format.ps1xml'))).Configuration.ViewDefinitions.View.ViewSelectedBy.TypeName
        foreach ($cmd in Get-Command -Module ApiThreat -CommandType Cmdlet) {
            $cmd.OutputType | Should -Not -BeNullOrEmpty -Because $cmd.Name
            foreach ($o in $cmd.OutputType) { if ($o.Name -like 'ApiThreat.*') { $views | Should -Contain $o.Name } }
        }
    }

    It 'runs the precompiled engine code of methods that touch model types (none is JIT-compiled again)' {
        # An engine precompiled against another build of ApiThreat.Model than the one shipped had this code refused at run
        # time: every method touching a model type (certificate facts, findings) was JIT-compiled in each fresh process.
        $script = @"
Import-Module '$ModulePath/ApiThreat.psd1'
`$engine = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'ApiThreat.Engine' }
`$flags = [Reflection.BindingFlags]'Public,NonPublic,Instance,Static,DeclaredOnly'
`$methods = foreach (`$name in 'ApiThreat.Engine.Certificates.Checks.CertificateFacts', 'ApiThreat.Engine.Rules.RuleExtensions') {
    `$engine.GetType(`$name, `$true).GetMethods(`$flags) | Where-Object { -not `$_.IsAbstract -and -not `$_.ContainsGenericParameters -and `$_.GetMethodBody() }
}
function Get-Jitted(`$list) {
    foreach (`$m in `$list) {
        `$n = [System.Runtime.JitInfo]::GetCompiledMethodCount(`$true)
        [System.Runtime.CompilerServices.RuntimeHelpers]::PrepareMethod(`$m.MethodHandle)
        if ([System.Runtime.JitInfo]::GetCompiledMethodCount(`$true) -gt `$n) { "`$(`$m.DeclaringType.Name).`$(`$m.Name)" }
    }
}
# Warm-up, not judged: the first round JIT-compiles PowerShell's own call sites, and the first method of each type what
# loading that type takes.
`$null = Get-Jitted (`$engine.GetType('ApiThreat.Engine.Certificates.CertificateInspector', `$true).GetMethods(`$flags))
`$null = Get-Jitted @(`$methods | Group-Object DeclaringType | ForEach-Object { `$_.Group[0] })
`$jitted = @(Get-Jitted `$methods)
[pscustomobject]@{ Precompiled = `$engine.Location -like '*r2r*'; Methods = @(`$methods).Count; Jitted = `$jitted } | ConvertTo-Json -Compress
"@
        $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
        $cmd, $prefix = if (Test-Path $pwsh) { $pwsh, @() } else { (Get-Process -Id $PID).Path, @((Join-Path $PSHOME 'pwsh.dll')) }
        $r = & $cmd @prefix -NoProfile -NonInteractive -Command $script | ConvertFrom-Json
        if (-not $r.Precompiled) { Set-ItResult -Skipped -Because "the module has no precompiled engine for .NET $([Environment]::Version.Major) on this platform"; return }
        $r.Methods | Should -BeGreaterThan 10
        @($r.Jitted) | Should -BeNullOrEmpty
    }

    It 'keeps the engine and its dependencies in the private load context, beside an already loaded Newtonsoft.Json' {
        $script = @"
`$ErrorActionPreference = 'Stop'
# PowerShell's own Newtonsoft.Json is loaded first, in the default context.
`$null = [Newtonsoft.Json.JsonConvert]::SerializeObject(@{ a = 1 })
`$psJson = [Newtonsoft.Json.JsonConvert].Assembly
Import-Module '$ModulePath/ApiThreat.psd1'
`$null = Get-ApiThreatRule
`$engine = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'ApiThreat.Engine' }
`$engineJson = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'Newtonsoft.Json' -and `$_.Location -like '*deps*' }
[pscustomobject]@{
    EngineContext = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$engine).Name
    ModelContext  = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext([ApiThreat.Finding].Assembly).Name
    PsJsonContext = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$psJson).Name
    PsJsonPath    = `$psJson.Location
    EngineJsonContexts = @(`$engineJson | ForEach-Object { [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$_).Name })
} | ConvertTo-Json -Compress
"@
        $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
        $cmd, $prefix = if (Test-Path $pwsh) { $pwsh, @() } else { (Get-Process -Id $PID).Path, @((Join-Path $PSHOME 'pwsh.dll')) }
        $r = & $cmd @prefix -NoProfile -NonInteractive -Command $script | ConvertFrom-Json
        $r.EngineContext | Should -Be 'ApiThreat'
        $r.ModelContext | Should -Be 'Default'
        $r.PsJsonContext | Should -Be 'Default'
        $r.PsJsonPath | Should -Not -BeLike '*deps*'
    }
}

Describe 'Get-ApiThreatRule' {
    It 'returns rules with stable ids and complete metadata' {
        $rules = Get-ApiThreatRule
        foreach ($r in $rules) {
            $r.Id | Should -Match '^ATR-[A-Z]{2,10}-\d{3}$'
            $r.Title | Should -Not -BeNullOrEmpty
            $r.Rationale | Should -Not -BeNullOrEmpty
            $r.Remediation | Should -Not -BeNullOrEmpty
        }
    }

    It 'reports an unknown id as RuleNotFound and continues' {
        $null = Get-ApiThreatRule -Id 'ATR-NOPE-999' -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'RuleNotFound*'
        $e[0].TargetObject | Should -Be 'ATR-NOPE-999'
    }
}
