BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    function Get-DebugLines([scriptblock]$Command) {
        # The debug stream of the command, as text (5>&1 merges it; -Debug sets $DebugPreference to Continue in PS 7).
        @(& $Command 5>&1 | Where-Object { $_ -is [System.Management.Automation.DebugRecord] } | ForEach-Object Message)
    }
}

Describe '-Debug shows decisions' {
    It 'says why a redirect was not followed' {
        $lines = Get-DebugLines { Invoke-HttpProbe -Url "$(Get-LabHost redirect-out-of-scope):$($Lab.httpPort)" @LabParams -Scope $Lab.zone -Debug }
        $lines | Where-Object { $_ -match 'redirect not followed: the redirect to \S+ is out of scope' } | Should -Not -BeNullOrEmpty
    }

    It 'says why each API path was tried' {
        $lines = Get-DebugLines { Get-ApiInventory -Url (Get-LabHost inv-openapi31) -Port $Lab.httpsPort @LabParams -Debug }
        $lines | Where-Object { $_ -match 'will try /\S+: a \w+ path of the catalogue at depth Standard' } | Should -Not -BeNullOrEmpty
    }

    It 'never prompts: verbose messages go to the debug stream under -Debug alone (a host that cannot prompt would fail)' {
        $all = @(Get-ApiInventory -Url (Get-LabHost inv-openapi31) -Port $Lab.httpsPort @LabParams -Debug 5>&1 4>&1 -ErrorVariable failed)
        $failed | Should -BeNullOrEmpty
        $all | Where-Object { $_ -is [ApiThreat.ApiEndpoint] } | Should -Not -BeNullOrEmpty
        $all | Where-Object { $_ -is [System.Management.Automation.DebugRecord] -and $_.Message -match 'API endpoint\(s\)' } | Should -Not -BeNullOrEmpty
    }

    It 'stays silent without -Debug' {
        $lines = Get-DebugLines { Invoke-HttpProbe -Url "$(Get-LabHost redirect-out-of-scope):$($Lab.httpPort)" @LabParams -Scope $Lab.zone }
        $lines | Should -BeNullOrEmpty
    }
}
