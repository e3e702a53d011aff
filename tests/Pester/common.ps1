# Dot-sourced by every *.Tests.ps1 (in BeforeAll): imports the BUILT module and connects to the running Lab.
$ErrorActionPreference = 'Stop'
$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$modulePath = if ($env:APITHREAT_MODULE) { $env:APITHREAT_MODULE } else {
    Get-ChildItem (Join-Path $RepoRoot 'output/ApiThreat') -Directory | Sort-Object Name | Select-Object -Last 1 -ExpandProperty FullName
}
Import-Module (Join-Path $modulePath 'ApiThreat.psd1') -Force
$script:ModulePath = $modulePath

if (-not $env:APITHREAT_LAB_MANIFEST -or -not (Test-Path $env:APITHREAT_LAB_MANIFEST)) {
    . (Join-Path $RepoRoot 'tests/Lab/LabControl.ps1')
    $labDll = if ($env:APITHREAT_LAB_DLL) { $env:APITHREAT_LAB_DLL } else { Join-Path $RepoRoot 'output/lab/ApiThreat.Lab.dll' }
    $script:OwnLab = Start-ApiThreatLab -LabDll $labDll
    $env:APITHREAT_LAB_MANIFEST = $OwnLab.ManifestPath
}
$script:Lab = Get-Content -Raw $env:APITHREAT_LAB_MANIFEST | ConvertFrom-Json

# Parameters that point a scan at the Lab: its DNS server, loopback allowed, its private CA trusted.
$script:LabParams = @{
    Resolver               = $Lab.resolver
    AllowPrivateAddress    = $true
    TrustedRootCertificate = $Lab.rootCertificate
}

function Get-LabScenario([string]$Name) {
    $s = $Lab.scenarios | Where-Object name -EQ $Name
    if (-not $s) { throw "No Lab scenario named '$Name'." }
    $s
}

function Get-LabHost([string]$Name) { (Get-LabScenario $Name).host }

function Get-LabRequestLog {
    # Every request the Lab's web server saw (scheme://host/path), for scope assertions.
    $uri = "http://127.0.0.1:$($Lab.httpPort)/requests"
    Invoke-RestMethod -Uri $uri -Headers @{ Host = "lab-control.$($Lab.zone)" }
}

function Get-LabDnsQueryLog {
    # Every name the Lab's DNS server was asked, for "never looked up" scope assertions.
    Invoke-RestMethod -Uri "http://127.0.0.1:$($Lab.httpPort)/dns-queries" -Headers @{ Host = "lab-control.$($Lab.zone)" }
}

function Reset-LabLog {
    $null = Invoke-RestMethod -Uri "http://127.0.0.1:$($Lab.httpPort)/reset" -Headers @{ Host = "lab-control.$($Lab.zone)" }
}

function New-TestDirectory([string]$Name) {
    # A fresh folder under the temp path for one test file's files (the file's AfterAll removes it).
    $path = Join-Path ([IO.Path]::GetTempPath()) "apithreat-$Name-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
    $null = New-Item -ItemType Directory -Force $path
    $path
}

function Get-ScanFleet {
    # The scan fleet (tests/Lab/Scenarios/ScanScenarios.cs): api-1..3 (APIs), site-1..3, ns1, and 30 dark names nothing
    # answers on. Returns its domain and the Invoke-ApiThreatScan parameters that scan it passively in the Lab.
    $fleet = "scanfleet.$($Lab.zone)"
    $fleet
    @{
        Domain                     = $fleet
        Profile                    = 'Passive'
        Port                       = $Lab.httpsPort
        TlsPort                    = $Lab.httpsPort
        NameServerPort             = $Lab.dnsPort
        CertificateTransparencyUri = "http://crt.$($Lab.zone):$($Lab.httpPort)/"
    } + $LabParams
}
