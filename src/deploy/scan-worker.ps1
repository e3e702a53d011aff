#Requires -Version 7.4
<#
.SYNOPSIS
    One ApiThreat scan worker: the container's entry point, and what each pod of the Kubernetes Indexed Job runs.
.DESCRIPTION
    Reads its job from the environment, scans its shard and saves into the shared inventory:
      APITHREAT_DOMAINS        domains to scan, comma-separated (required)
      APITHREAT_STORE          where to save: postgres://user@host:port/database or an Npgsql connection string (required)
      APITHREAT_STORE_PASSWORD the store's password (from a Kubernetes Secret); never put it in APITHREAT_STORE
      APITHREAT_SCAN_ID        shared by every shard of one scan: their snapshots merge into one (required when sharded)
      APITHREAT_PROFILE        Passive, Standard (default) or Active
      JOB_COMPLETION_INDEX, APITHREAT_SHARD_COUNT   this worker's shard (Kubernetes sets the first; the manifest the second)
    Prints one line for the log: shard, hosts, findings, the snapshot; exits 1 when the scan could not run or save.
#>
[CmdletBinding()]
param()
$ErrorActionPreference = 'Stop'
Import-Module ApiThreat

$domains = @(($env:APITHREAT_DOMAINS -split ',') | ForEach-Object Trim | Where-Object { $_ })
if (-not $domains) { throw 'APITHREAT_DOMAINS is empty: give the domains to scan, comma-separated.' }
if (-not $env:APITHREAT_STORE) { throw 'APITHREAT_STORE is empty: give the PostgreSQL inventory, e.g. postgres://apithreat@db:5432/apithreat.' }

$scan = @{
    Domain      = $domains
    Profile     = if ($env:APITHREAT_PROFILE) { $env:APITHREAT_PROFILE } else { 'Standard' }
    SaveTo      = $env:APITHREAT_STORE
    ErrorAction = 'Continue'
}
if ($env:APITHREAT_STORE_PASSWORD) {
    $user = if ($env:APITHREAT_STORE_USER) { $env:APITHREAT_STORE_USER } else { 'apithreat' }
    $scan.Credential = [pscredential]::new($user, (ConvertTo-SecureString $env:APITHREAT_STORE_PASSWORD -AsPlainText -Force))
}
# Extra parameters for a test or a private setup (resolver, ports), as JSON: {"Resolver":"10.0.0.53","TlsPort":[443,8443]}
if ($env:APITHREAT_SCAN_PARAMETERS) {
    ($env:APITHREAT_SCAN_PARAMETERS | ConvertFrom-Json -AsHashtable).GetEnumerator() | ForEach-Object { $scan[$_.Key] = $_.Value }
}

$result = Invoke-ApiThreatScan @scan
if (-not $result -or -not $result.Snapshot) { Write-Error 'The scan produced no snapshot.'; exit 1 }
"shard $($result.Shard ?? 'whole') of scan $($result.ScanId): $($result.Hosts.Count) hosts, $($result.Findings.Count) findings, snapshot $($result.Snapshot.Id) ($($result.UnansweredHosts) names silent)"
if ($env:APITHREAT_RESULT_PATH) { $result | Export-Clixml -Path $env:APITHREAT_RESULT_PATH -Depth 10 }
