#Requires -Version 7.4
<#
.SYNOPSIS
    Fans one ApiThreat scan out over local PowerShell jobs (or remote machines) and gathers one result.
.DESCRIPTION
    Starts -ShardCount jobs, each scanning its shard (-Shard i/n) of the same domains with the same -ScanId, so that
    with -SaveTo they write ONE snapshot (PostgreSQL for several machines; an SQLite file for jobs on one machine).
    Results come back through Receive-Job as ApiThreat objects (deserialized and rebuilt by the module), so they pipe
    into ConvertTo-ApiThreatSarif, Export-ApiThreatReport or Save-ApiInventory like a local scan's.
    With -ComputerName the shards run on those machines through PowerShell remoting (Invoke-Command -AsJob); each
    machine needs the ApiThreat module installed.
.EXAMPLE
    ./Invoke-ShardedScanJob.ps1 -Domain contoso.com -ShardCount 3 -SaveTo ./contoso.db | ConvertTo-ApiThreatSarif > contoso.sarif
.EXAMPLE
    ./Invoke-ShardedScanJob.ps1 -Domain contoso.com -ComputerName worker1, worker2 -SaveTo 'postgres://apithreat@db/apithreat' -Credential $dbCred
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string[]]$Domain,
    [ValidateRange(1, 256)][int]$ShardCount = 2,
    [string[]]$ComputerName,
    [string]$SaveTo,
    [pscredential]$Credential,
    [string]$ScanId = [guid]::NewGuid().ToString('n'),
    # Further Invoke-ApiThreatScan parameters for every shard (Profile, Resolver, Port, TlsPort...).
    [hashtable]$ScanParameters = @{},
    # The module to import in each job (default: the one loaded here, else ApiThreat from PSModulePath).
    [string]$ModulePath = ((Get-Module ApiThreat).Path ?? 'ApiThreat')
)
$ErrorActionPreference = 'Stop'
if ($ComputerName) { $ShardCount = $ComputerName.Count }
$worker = {
    param($ModulePath, $Domain, $Shard, $ScanId, $SaveTo, $Credential, $ScanParameters)
    Import-Module $ModulePath
    $p = @{ Domain = $Domain; Shard = $Shard; ScanId = $ScanId } + $ScanParameters
    if ($SaveTo) { $p.SaveTo = $SaveTo }
    if ($Credential) { $p.Credential = $Credential }
    Invoke-ApiThreatScan @p
}
$jobs = for ($i = 0; $i -lt $ShardCount; $i++) {
    $arguments = @($ModulePath, $Domain, "$i/$ShardCount", $ScanId, $SaveTo, $Credential, $ScanParameters)
    if ($ComputerName) { Invoke-Command -ComputerName $ComputerName[$i] -ScriptBlock $worker -ArgumentList $arguments -AsJob }
    else { Start-Job -ScriptBlock $worker -ArgumentList $arguments }
}
try {
    # A target that fails in a shard is a non-terminating error of that job: shown, and the other results still come back.
    $jobs | Receive-Job -Wait -AutoRemoveJob -ErrorAction Continue
}
finally {
    $jobs | Where-Object State -EQ 'Running' | Stop-Job
}
