BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Fleet, $script:FleetParams = Get-ScanFleet
    # A string: it crosses into the job as it is (a DateTimeOffset would arrive as a property bag).
    $script:Stamp = '2026-01-01T00:00:00Z'
    $script:Dir = New-TestDirectory 'deser'

    function script:Get-Outputs($Scan, [string]$Name) {
        # Every export of one scan, as text: SARIF, STIX, the HTML and Markdown reports.
        $html = Join-Path $Dir "$Name.html"; $md = Join-Path $Dir "$Name.md"
        $Scan | Export-ApiThreatReport -Path $html -Timestamp $Stamp
        $Scan | Export-ApiThreatReport -Path $md -Format Markdown -Timestamp $Stamp
        [ordered]@{
            Sarif    = $Scan | ConvertTo-ApiThreatSarif -Timestamp $Stamp
            Stix     = $Scan | ConvertTo-ApiThreatStix -Timestamp $Stamp
            Html     = Get-Content -Raw $html
            Markdown = Get-Content -Raw $md
        }
    }

    function script:Get-SnapshotText([string]$Db) {
        (Get-ApiInventory -Path $Db -ItemType '*' | ForEach-Object { $_ | ConvertTo-Json -Depth 10 -Compress }) -join "`n"
    }

    # One scan, run in a job: the job exports its LIVE objects, so the comparisons below are of the same scan.
    $job = Start-Job -ScriptBlock {
        param($ModuleManifest, $Params, $Stamp, $Dir)
        Import-Module $ModuleManifest
        $r = Invoke-ApiThreatScan @Params -WarningAction SilentlyContinue -ErrorAction SilentlyContinue -ErrorVariable scanErrors
        if (-not $r) { throw "The scan in the job returned nothing: $($scanErrors | Select-Object -First 3)" }
        $html = Join-Path $Dir 'live.html'; $md = Join-Path $Dir 'live.md'
        $r | Export-ApiThreatReport -Path $html -Timestamp $Stamp
        $r | Export-ApiThreatReport -Path $md -Format Markdown -Timestamp $Stamp
        $null = $r | Save-ApiInventory -Path (Join-Path $Dir 'live.db')
        $r
        $r | ConvertTo-ApiThreatSarif -Timestamp $Stamp
        $r | ConvertTo-ApiThreatStix -Timestamp $Stamp
    } -ArgumentList (Join-Path $ModulePath 'ApiThreat.psd1'), $FleetParams, $Stamp, $Dir
    $fromJob = @($job | Receive-Job -Wait -AutoRemoveJob -ErrorAction SilentlyContinue -ErrorVariable failedInJob)
    # (Locals must not share a name with the script variables: PowerShell names are case-insensitive.)
    $script:JobErrors = "the job gave: $(($fromJob | ForEach-Object { $_.pstypenames[0] }) -join ', '); errors: " + (($failedInJob | ForEach-Object { "$_" }) -join '; ')
    $script:Received = $fromJob[0]
    $script:Live = [ordered]@{
        Sarif    = $fromJob[1]
        Stix     = $fromJob[2]
        Html     = Get-Content -Raw (Join-Path $Dir 'live.html')
        Markdown = Get-Content -Raw (Join-Path $Dir 'live.md')
    }
}

AfterAll { Remove-Item -Recurse -Force $Dir -ErrorAction SilentlyContinue }

Describe 'ApiThreat objects across process boundaries' {
    It 'a scan received from Start-Job is a live ScanResult again, with its nested objects' {
        $Received | Should -BeOfType ([ApiThreat.ScanResult]) -Because $JobErrors
        $Received.Hosts.Count | Should -Be 37
        $Received.Inventory[0] | Should -BeOfType ([ApiThreat.ApiEndpoint])
        $Received.Findings.Count | Should -BeGreaterThan 0
        $Received.Findings[0].References.GetType() | Should -Be ([string[]])
        $Received.Started | Should -BeOfType ([DateTimeOffset])
    }

    It 'gives byte-identical SARIF, STIX and reports after Start-Job/Receive-Job' {
        $out = Get-Outputs $Received 'job'
        foreach ($k in $Live.Keys) { $out[$k] | Should -BeExactly $Live[$k] -Because $k }
    }

    It 'gives byte-identical exports after Export-Clixml/Import-Clixml' {
        $xml = Join-Path $Dir 'scan.clixml'
        $Received | Export-Clixml -Path $xml
        $out = Get-Outputs (Import-Clixml -Path $xml) 'clixml'
        foreach ($k in $Live.Keys) { $out[$k] | Should -BeExactly $Live[$k] -Because $k }
    }

    It 'takes Deserialized.ApiThreat.* property bags from a session without the module, with the same results' {
        $xml = Join-Path $Dir 'bag.clixml'
        $Received | Export-Clixml -Path $xml
        $ps = [powershell]::Create() # a fresh runspace: the module's types are not loaded there, so nothing is rebuilt
        try { $bag = $ps.AddCommand('Import-Clixml').AddParameter('Path', $xml).Invoke()[0] } finally { $ps.Dispose() }
        $bag.pstypenames[0] | Should -Be 'Deserialized.ApiThreat.ScanResult'
        $bag -is [ApiThreat.ScanResult] | Should -BeFalse
        $out = Get-Outputs $bag 'bag'
        foreach ($k in $Live.Keys) { $out[$k] | Should -BeExactly $Live[$k] -Because $k }
        $null = $bag | Save-ApiInventory -Path (Join-Path $Dir 'bag.db')
        Get-SnapshotText (Join-Path $Dir 'bag.db') | Should -BeExactly (Get-SnapshotText (Join-Path $Dir 'live.db'))
        # Findings one by one, as a SIEM export would take them.
        $bag.Findings | Get-ExternalRiskScore -Organization X -Scope Organization | ForEach-Object Score |
            Should -Be ($Received.Findings | Get-ExternalRiskScore -Organization X -Scope Organization | ForEach-Object Score)
    }

    It 'saves the same snapshot from the received objects as from the live ones' {
        $null = $Received | Save-ApiInventory -Path (Join-Path $Dir 'job.db')
        Get-SnapshotText (Join-Path $Dir 'job.db') | Should -BeExactly (Get-SnapshotText (Join-Path $Dir 'live.db'))
    }

    It 'refuses input it cannot read with an error naming it, and saves no empty snapshot' {
        $db = Join-Path $Dir 'nothing.db'
        { [pscustomobject]@{ Name = 'not a scan' } | Save-ApiInventory -Path $db -ErrorAction SilentlyContinue } | Should -Throw -ErrorId 'NothingToSave*'
        if (Test-Path $db) { Get-ApiInventory -Path $db -ListSnapshot | Should -BeNullOrEmpty }
        $null = [pscustomobject]@{ Name = 'not a scan' } | ConvertTo-ApiThreatSarif -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'NotAnApiThreatObject*'
        $e[0].ErrorDetails.Message | Should -BeLike '*not a scan*'
    }

    It 'lists every public model type in the serialization types data' {
        [xml]$types = Get-Content -Raw (Join-Path $ModulePath 'ApiThreat.Serialization.types.ps1xml')
        $listed = $types.Types.Type.Name
        $model = [ApiThreat.Finding].Assembly.GetExportedTypes() | Where-Object { $_.IsClass -and $_.Namespace -eq 'ApiThreat' -and $_.GetConstructor([type[]]@()) }
        foreach ($t in $model) {
            $listed | Should -Contain $t.FullName
            $listed | Should -Contain "Deserialized.$($t.FullName)"
        }
    }
}
