BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $http = $Lab.httpPort
    $https = $Lab.httpsPort
}

Describe 'Invoke-HttpProbe' {
    It 'probes through the Lab resolver and reads status, title and certificate' {
        $r = Invoke-HttpProbe -Url "https://$(Get-LabHost titled):$https/" @LabParams
        $r | Should -BeOfType ([ApiThreat.HttpProbe])
        $r.StatusCode | Should -Be 200
        $r.Title | Should -Be ((Get-LabScenario titled).expect.Title[0])
        $r.CertificateErrors | Should -Be 'None'
    }

    It 'sends the -Method asked for (an HttpProbeMethod, any case)' {
        foreach ($method in 'Head', 'OPTIONS') {
            $r = Invoke-HttpProbe -Url "http://$(Get-LabHost plain):$http/" -Method $method @LabParams
            $r.StatusCode | Should -BeLessThan 500
        }
        $head = Invoke-HttpProbe -Url "http://$(Get-LabHost titled):$http/" -Method Head @LabParams
        $head.Title | Should -BeNullOrEmpty
        { Invoke-HttpProbe -Url "http://$(Get-LabHost plain):$http/" -Method DELETE @LabParams } | Should -Throw
    }

    It 'binds HostName by property name from piped objects' {
        $r = [pscustomobject]@{ HostName = "$(Get-LabHost plain):$http" } | Invoke-HttpProbe @LabParams
        $r.StatusCode | Should -Be 200
    }

    It 'keeps going past bad targets, with one error per bad target naming it' {
        $targets = @("$(Get-LabHost plain):$http", "no-such-host.$($Lab.zone):$http", 'bad host name', "$(Get-LabHost titled):$http", "$(Get-LabHost slow):$http")
        $out = Invoke-HttpProbe -Url $targets @LabParams -TimeoutSec 2 -ErrorVariable errs -ErrorAction SilentlyContinue
        $out.Url | Sort-Object | Should -Be (@("http://$(Get-LabHost plain):$http/", "http://$(Get-LabHost titled):$http/") | Sort-Object)
        $errs.Count | Should -Be 3
        ($errs | Where-Object TargetObject -EQ "no-such-host.$($Lab.zone):$http").FullyQualifiedErrorId | Should -BeLike 'HostNotFound,*'
        ($errs | Where-Object TargetObject -EQ 'bad host name').CategoryInfo.Category | Should -Be 'InvalidArgument'
        ($errs | Where-Object TargetObject -EQ "$(Get-LabHost slow):$http").CategoryInfo.Category | Should -Be 'OperationTimeout'
        foreach ($e in $errs) { $e.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty }
    }

    It 'does not follow a redirect to an out-of-scope host, and never contacts it' {
        Reset-LabLog
        $r = Invoke-HttpProbe -Url "$(Get-LabHost redirect-out-of-scope):$http" @LabParams -Scope $Lab.zone
        $r.StatusCode | Should -Be 302
        $r.RedirectStopped | Should -Match 'out of scope'
        (Get-LabRequestLog) -like "*evil.$($Lab.outsideZone)*" | Should -BeNullOrEmpty
        (Get-LabDnsQueryLog) -like "*evil.$($Lab.outsideZone)*" | Should -BeNullOrEmpty -Because 'an out-of-scope name is not even looked up' 
    }

    It 'does not follow a redirect to 127.0.0.1 or the metadata address' {
        foreach ($s in 'redirect-to-loopback', 'redirect-to-metadata') {
            $r = Invoke-HttpProbe -Url "$(Get-LabHost $s):$http" @LabParams -Scope $Lab.zone
            $r.RedirectStopped | Should -Match 'out of scope'
        }
    }

    It 'refuses a CNAME to 127.0.0.1 without -AllowPrivateAddress' {
        $r = Invoke-HttpProbe -Url "$(Get-LabHost cname-to-loopback):$http" -Resolver $Lab.resolver -ErrorVariable e -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -BeLike 'OutOfScope,*'
        $e[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        $e[0].Exception.Message | Should -Match 'loopback'
    }

    It 'streams: the first result arrives before a slow target finishes' {
        $ps = [PowerShell]::Create()
        $null = $ps.AddScript("Import-Module '$ModulePath/ApiThreat.psd1'; `$args[0] | Invoke-HttpProbe -Resolver '$($Lab.resolver)' -AllowPrivateAddress -TimeoutSec 20").AddArgument(@("$(Get-LabHost slow):$http", "$(Get-LabHost plain):$http"))
        $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $async = $ps.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
        while ($output.Count -eq 0 -and $sw.Elapsed.TotalSeconds -lt 15) { Start-Sleep -Milliseconds 20 }
        $first = $sw.Elapsed.TotalSeconds
        $ps.Stop()
        $ps.Dispose()
        $first | Should -BeLessThan 5
    }

    It 'stops within a second on Ctrl+C (StopProcessing)' {
        $ps = [PowerShell]::Create()
        $null = $ps.AddScript("Import-Module '$ModulePath/ApiThreat.psd1'; 1..20 | ForEach-Object { '$(Get-LabHost slow):$http' } | Invoke-HttpProbe -Resolver '$($Lab.resolver)' -AllowPrivateAddress -TimeoutSec 60")
        $async = $ps.BeginInvoke()
        Start-Sleep -Milliseconds 1500
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $ps.Stop()
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 2 # a second in practice; room for a CI machine whose two cores are busy
        $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        $ps.Dispose()
    }

    It 'rejects invalid shared parameters with a terminating error naming the value' {
        { Invoke-HttpProbe -Url plain -Resolver 'not a resolver!' } | Should -Throw -ExpectedMessage "*not a resolver!*"
        { Invoke-HttpProbe -Url plain -Scope 'bad scope entry' } | Should -Throw -ExpectedMessage "*bad scope entry*"
    }
}
