# The module manifest: the source of truth for version, exports and metadata. RootModule, RequiredAssemblies,
# FormatsToProcess and TypesToProcess name files the build makes (ApiThreat.dll, the merged views...), so build.ps1
# adds them to the built copy in output/; without them this file passes Test-ModuleManifest as it stands.
@{
    ModuleVersion        = '0.1.0'
    CompatiblePSEditions = @('Core')
    GUID                 = '5b0f6d8e-9c1a-4f2e-8a57-3d2c1b7e4a90'
    Author               = 'ApiThreat contributors'
    CompanyName          = 'ApiThreat'
    Copyright            = '(c) ApiThreat contributors. MIT License.'
    Description          = 'External attack-surface management for APIs: discovery, inventory, assessment, scoring, monitoring and export, as compiled cmdlets that pipe objects into each other.'
    PowerShellVersion    = '7.4'
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
        'Test-ApiAuthorization'
        'Test-HijackSusceptibility'
        'Get-ApiInventory'
        'Save-ApiInventory'
        'Compare-ApiInventory'
        'Export-ApiInventory'
        'Export-ApiThreatReport'
        'Find-LookalikeDomain'
        'Find-ExposedBucket'
        'Find-ExposedSecret'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    HelpInfoURI          = 'https://github.com/apithreat/ApiThreat/tree/main/module/en-US'
    PrivateData          = @{
        PSData = @{
            Tags         = @('Security', 'API', 'ASM', 'EASM', 'DNS', 'TLS', 'OWASP', 'Linux', 'Windows', 'MacOS')
            ProjectUri   = 'https://github.com/apithreat/ApiThreat'
            LicenseUri   = 'https://github.com/apithreat/ApiThreat/blob/main/LICENSE'
            ReleaseNotes = @'
0.1.0: the first release. Discovery (subdomains, APIs), DNS, certificate, transport, IP and technology intelligence,
hijack, API and specification assessments, A-F risk scores, drift against a stored inventory, and exports (HTML and
Markdown reports that scale to 100,000 findings, SARIF, STIX 2.1, SIEM events). Installs with Install-PSResource
from any NuGet repository; help, about_ topics and views included.
'@
        }
    }
}
