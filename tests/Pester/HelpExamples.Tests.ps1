# Every example in the cmdlets' help (module/en-US/<Verb-Noun>.md) must run as written: it parses, names only
# commands that exist, and each of this module's commands in it binds its parameters (names, aliases, unique
# prefixes, positions, one parameter set) the way PowerShell's own binder would. An example that fails as written
# (Compare-ApiInventory -Domain, a renamed parameter) fails here, whatever the help build left in place.
BeforeDiscovery {
    $helpFolder = Join-Path $PSScriptRoot '../../module/en-US'
    $script:Examples = foreach ($file in Get-ChildItem $helpFolder -Filter '*-*.md' | Where-Object BaseName -NE '_CommonParameters') {
        $text = Get-Content -Raw $file.FullName
        foreach ($m in [regex]::Matches($text, '(?ms)^### (Example[^\r\n]*)\r?\n```powershell\r?\n(.*?)```')) {
            @{ Cmdlet = $file.BaseName; Title = $m.Groups[1].Value.Trim(); Code = $m.Groups[2].Value }
        }
    }
    # The README's PowerShell blocks are examples too (the tour, the pipelines, the runbooks).
    $readme = Get-Content -Raw (Join-Path $PSScriptRoot '../../README.md')
    $i = 0
    $script:ReadmeBlocks = foreach ($m in [regex]::Matches($readme, '(?ms)^```powershell\r?\n(.*?)```')) {
        $i++
        @{ Title = "README block $i"; Code = $m.Groups[1].Value }
    }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:ModuleCommands = @(Get-Command -Module ApiThreat | ForEach-Object Name)
}

Describe 'Help examples' {
    It 'every cmdlet has examples to check' {
        $cmdlets = @($Examples | ForEach-Object { $_.Cmdlet } | Sort-Object -Unique)
        foreach ($name in $ModuleCommands) { $cmdlets | Should -Contain $name }
    }

    It '<Cmdlet> <Title>: parses and binds as written' -ForEach $Examples {
        $tokens = $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseInput($Code, [ref]$tokens, [ref]$errors)
        $errors | ForEach-Object { "$($_.Extent.StartLineNumber): $($_.Message)" } | Should -BeNullOrEmpty
        $problems = foreach ($command in $ast.FindAll({ $args[0] -is [System.Management.Automation.Language.CommandAst] }, $true)) {
            $name = $command.GetCommandName()
            if (-not $name -or $name -notin $ModuleCommands) { continue }
            $binding = [System.Management.Automation.Language.StaticParameterBinder]::BindCommand($command, $true)
            foreach ($e in $binding.BindingExceptions.GetEnumerator()) { "${name}: $($e.Key): $($e.Value.BindingException.Message)" }
        }
        $problems | Should -BeNullOrEmpty
        @($ast.FindAll({ $args[0] -is [System.Management.Automation.Language.CommandAst] -and $args[0].GetCommandName() -eq $Cmdlet }, $true)).Count |
            Should -BeGreaterThan 0 -Because "an example of $Cmdlet calls $Cmdlet"
    }

    It '<Title>: parses and binds as written' -ForEach $ReadmeBlocks {
        $tokens = $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseInput($Code, [ref]$tokens, [ref]$errors)
        $errors | ForEach-Object { "$($_.Extent.StartLineNumber): $($_.Message)" } | Should -BeNullOrEmpty
        $problems = foreach ($command in $ast.FindAll({ $args[0] -is [System.Management.Automation.Language.CommandAst] }, $true)) {
            $name = $command.GetCommandName()
            if (-not $name -or $name -notin $ModuleCommands) { continue }
            $binding = [System.Management.Automation.Language.StaticParameterBinder]::BindCommand($command, $true)
            foreach ($e in $binding.BindingExceptions.GetEnumerator()) { "${name}: $($e.Key): $($e.Value.BindingException.Message)" }
        }
        $problems | Should -BeNullOrEmpty
    }
}
