BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    # The scan fleet: 7 live names and 30 dark ones (addresses nothing listens on), found by a zone transfer.
    $script:Fleet = "scanfleet.$($Lab.zone)"
    $script:Names = Find-Subdomain -Domain $Fleet -Source ZoneTransfer -NameServerPort $Lab.dnsPort @LabParams
}

Describe 'Targets that do not answer are a summary, not an error flood' {
    It 'finds the fleet (ground truth for the tests below)' {
        $Names.Count | Should -Be 37
        @($Names | Where-Object HostName -Like 'dark-*').Count | Should -Be 30
    }

    It 'streams names into Invoke-HttpProbe: dark names go to Verbose and one warning' {
        $out = $Names | ForEach-Object { "$($_.HostName):$($Lab.httpsPort)" } |
            Invoke-HttpProbe @LabParams -ErrorVariable e -WarningVariable w -ErrorAction SilentlyContinue -WarningAction SilentlyContinue -Verbose 4>&1
        $probes = @($out | Where-Object { $_ -is [ApiThreat.HttpProbe] })
        $verbose = @($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $probes.Count | Should -Be 7
        $e | Where-Object { "$($_.TargetObject)" -like '*dark-*' } | Should -BeNullOrEmpty
        @($w).Count | Should -Be 1
        "$($w[0])" | Should -BeLike '30 target(s) did not answer*'
        @($verbose | Where-Object { "$_" -like '*dark-*' }).Count | Should -BeGreaterOrEqual 30
    }

    It 'the README pipeline prints no error record for names without a web server' {
        $null = $Fleet | Find-Subdomain -Source ZoneTransfer -NameServerPort $Lab.dnsPort @LabParams |
            Get-ApiInventory -Depth Passive @LabParams -ErrorVariable e -WarningVariable w -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        @($e).Count | Should -Be 0
        # The Lab serves on its own ports, not the usual web ports: every name is silent here, and says so once.
        @($w).Count | Should -Be 1
        "$($w[0])" | Should -BeLike '37 target(s) did not answer*0 failed.'
    }

    It 'a target named on the command line still fails loudly' {
        $dark = ($Names | Where-Object HostName -Like 'dark-*' | Select-Object -First 1).HostName
        $null = Invoke-HttpProbe -Url "$($dark):$($Lab.httpsPort)" @LabParams -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'ConnectFailed*'
        $e[0].TargetObject | Should -BeLike "$dark*"
    }

    It 'splits piped targets between shards: disjoint, and together the whole' {
        $targets = $Names | Where-Object HostName -NotLike 'dark-*' | ForEach-Object { "$($_.HostName):$($Lab.httpsPort)" }
        $parts = 0..2 | ForEach-Object { , @($targets | Invoke-HttpProbe -Shard "$_/3" @LabParams -ErrorAction SilentlyContinue | ForEach-Object HostName) }
        $all = $parts | ForEach-Object { $_ }
        ($all | Sort-Object -Unique).Count | Should -Be $all.Count
        $all | Sort-Object | Should -Be ($targets | ForEach-Object { ($_ -split ':')[0] } | Sort-Object)
    }
}
