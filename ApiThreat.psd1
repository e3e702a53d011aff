@{
    RootModule           = 'ApiThreat.dll'
    ModuleVersion        = '0.1.0'
    CompatiblePSEditions = @('Core')
    GUID                 = '5b0f6d8e-9c1a-4f2e-8a57-3d2c1b7e4a90'
    Author               = 'ApiThreat contributors'
    CompanyName          = 'ApiThreat'
    Copyright            = '(c) ApiThreat contributors. MIT License.'
    Description          = 'External attack-surface management for APIs: discovery, inventory, assessment, scoring, monitoring and export, as compiled cmdlets that pipe objects into each other.'
    PowerShellVersion    = '7.4'
    FormatsToProcess     = @('ApiThreat.format.ps1xml')
    RequiredAssemblies   = @('ApiThreat.Model.dll')
    CmdletsToExport      = @(
        'Find-Subdomain'
        'Get-ApiThreatRule'
        'Get-DomainIntelligence'
        'Get-CertificateIntelligence'
        'Assert-ExternalRiskScore'
        'Get-ExternalRiskScore'
        'Test-TransportSecurity'
        'Get-IpIntelligence'
        'Update-ApiThreatData'
        'Get-TechnologyStack'
        'Invoke-HttpProbe'
        'ConvertTo-ApiThreatSarif'
        'ConvertTo-ApiThreatStix'
        'Invoke-ApiThreatScan'
        'Send-ApiThreatEvent'
        'Test-ApiSecurity'
        'Test-ApiSpecification'
        'Test-HijackSusceptibility'
        'Get-ApiInventory'
        'Save-ApiInventory'
        'Compare-ApiInventory'
        'Export-ApiInventory'
        'Export-ApiThreatReport'
        'Find-LookalikeDomain'
        'Find-ExposedBucket'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('Security', 'API', 'ASM', 'EASM', 'DNS', 'TLS', 'OWASP', 'Linux', 'Windows', 'MacOS')
            LicenseUri = 'https://opensource.org/licenses/MIT'
        }
    }
}
