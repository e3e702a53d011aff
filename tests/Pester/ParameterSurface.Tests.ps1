# The cmdlets whose parameters live partly on base classes in src/ApiThreat/Infrastructure keep their public surface:
# names, aliases, sets, positions, mandatory flags, pipeline binding, validation, completers, defaults and the order
# Get-Command -Syntax prints, as recorded in ParameterSurface.snapshot.txt. A deliberate change to one of them
# regenerates the snapshot (with the built module imported):
#   . tests/Pester/ParameterSurface.ps1; Get-ParameterSurface Send-ApiThreatEvent, Find-ExposedSecret, Find-Subdomain |
#       Set-Content tests/Pester/ParameterSurface.snapshot.txt
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $PSScriptRoot 'ParameterSurface.ps1')
    $script:Snapshot = Join-Path $PSScriptRoot 'ParameterSurface.snapshot.txt'
}

Describe 'Parameter surface of the cmdlets built on parameter-group bases' {
    It 'matches the snapshot, line for line' {
        $expected = @(Get-Content $Snapshot)
        $actual = @(Get-ParameterSurface Send-ApiThreatEvent, Find-ExposedSecret, Find-Subdomain)
        $differences = Compare-Object $expected $actual -SyncWindow 0 | ForEach-Object { "$($_.SideIndicator) $($_.InputObject)" }
        $differences | Should -BeNullOrEmpty -Because 'moving a parameter to a base class must not change what users see (regenerate the snapshot only for a deliberate change)'
    }

    It 'the snapshot names every parameter of those cmdlets' {
        foreach ($name in 'Send-ApiThreatEvent', 'Find-ExposedSecret', 'Find-Subdomain') {
            foreach ($p in (Get-Command $name).Parameters.Keys | Where-Object { $_ -notin [System.Management.Automation.Cmdlet]::CommonParameters -and $_ -notin [System.Management.Automation.Cmdlet]::OptionalCommonParameters }) {
                Get-Content $Snapshot | Where-Object { $_ -like "  -$p *" } | Should -Not -BeNullOrEmpty -Because "$name -$p is recorded"
            }
        }
    }
}
