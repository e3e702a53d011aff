BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
}

Describe 'Invoke-ApiThreatScan' {
    It 'returns one ScanResult for the Lab domain' {
        $r = Invoke-ApiThreatScan -Domain $Lab.zone -Profile Passive -TlsPort $Lab.httpsPort -Port $Lab.httpsPort @LabParams -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $r | Should -BeOfType ([ApiThreat.ScanResult])
        $r.Domains | Should -Be @($Lab.zone)
        $r.Profile | Should -Be 'Passive'
        $r.Finished | Should -BeGreaterThan $r.Started
    }

    It 'rejects an invalid domain with an error naming it, and scans the valid ones' {
        $r = Invoke-ApiThreatScan -Domain 'bad domain!', $Lab.zone -Profile Passive -TlsPort $Lab.httpsPort @LabParams -ErrorVariable e -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        ($e | Where-Object FullyQualifiedErrorId -Like 'InvalidDomain*').TargetObject | Should -Be 'bad domain!'
        $r.Domains | Should -Be @($Lab.zone)
    }
}
