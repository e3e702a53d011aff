#Requires -Version 7.4
<#
.SYNOPSIS
    Azure Automation runbook (PowerShell 7.4) for a Hybrid Runbook Worker group: each worker scans one shard.
.DESCRIPTION
    Start the runbook once per worker of the group with the same -ScanId and -ShardCount and its own -ShardIndex
    (Start-AzAutomationRunbook -RunOn <group> -Parameters @{...}); every shard writes into one PostgreSQL snapshot.
    The store's credential is an Automation credential asset (Get-AutomationPSCredential), never a runbook parameter.
    Outside Azure Automation (a test, a plain scheduled task) give -Credential instead of -CredentialName.
    The ApiThreat module must be installed on the hybrid workers (Install-PSResource ApiThreat, or the .nupkg).
.EXAMPLE
    Start-AzAutomationRunbook -AutomationAccountName asm -ResourceGroupName sec -Name ApiThreat-Scan -RunOn scanners `
        -Parameters @{ Domain = 'contoso.com'; ShardIndex = 0; ShardCount = 2; ScanId = 'nightly-2026-12-06'; Store = 'postgres://apithreat@db/apithreat' }
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string[]]$Domain,
    [Parameter(Mandatory)][string]$Store,
    [Parameter(Mandatory)][string]$ScanId,
    [int]$ShardIndex = 0,
    [ValidateRange(1, 256)][int]$ShardCount = 1,
    [ValidateSet('Passive', 'Standard', 'Active')][string]$Profile = 'Standard',
    [string]$CredentialName = 'ApiThreatInventory',
    [pscredential]$Credential,
    # Extra Invoke-ApiThreatScan parameters (a private resolver, ports) for a non-standard setup or a test.
    [hashtable]$ScanParameters = @{}
)
$ErrorActionPreference = 'Stop'
Import-Module ApiThreat
if (-not $Credential -and (Get-Command Get-AutomationPSCredential -ErrorAction SilentlyContinue)) {
    $Credential = Get-AutomationPSCredential -Name $CredentialName
}
$scan = @{ Domain = $Domain; Profile = $Profile; SaveTo = $Store; ScanId = $ScanId; Shard = "$ShardIndex/$ShardCount" } + $ScanParameters
if ($Credential) { $scan.Credential = $Credential }
# Per-target failures are non-terminating (they are in the job's error stream and in $result.ErrorGroups).
$result = Invoke-ApiThreatScan @scan -WarningAction Continue -ErrorAction Continue
# The job's output stream: one summary object (Automation keeps it with the job); the full result is in the store.
[pscustomobject]@{
    ScanId     = $result.ScanId
    Shard      = $result.Shard
    Hosts      = $result.Hosts.Count
    Findings   = $result.Findings.Count
    Silent     = $result.UnansweredHosts
    Errors     = $result.Errors
    SnapshotId = $result.Snapshot.Id
}
