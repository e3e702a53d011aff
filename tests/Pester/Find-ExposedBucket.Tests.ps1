BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $RepoRoot 'tests/Real/RealSoftware.ps1')
    $s3 = "http://$(Get-LabHost s3-drp):$($Lab.httpPort)"
    $gcs = "http://$(Get-LabHost gcs-drp):$($Lab.httpPort)"
    $azure = "http://blob-drp.$($Lab.zone):$($Lab.httpPort)"
    function Truth([string]$HostName, [string]$Path, [string]$Method = 'GET') {
        Invoke-Curl -Url "http://127.0.0.1:$($Lab.httpPort)$Path" -Method $Method -Header "Host: $HostName"
    }
}

Describe 'Find-ExposedBucket' {
    It 'finds the planted S3 buckets with the access anyone has (ground truth by curl)' {
        (Truth (Get-LabHost s3-drp) '/acmebank-backup?max-keys=10').Body | Should -Match '<ListBucketResult'
        (Truth (Get-LabHost s3-drp) '/acmebank-logs?max-keys=10').StatusCode | Should -Be 403
        (Truth (Get-LabHost s3-drp) '/acmebank-prod?max-keys=10').Body | Should -Match 'NoSuchBucket'
        $r = Find-ExposedBucket acmebank -Provider S3 -S3Endpoint $s3 -S3PathStyle @LabParams
        $r | Should -BeOfType ([ApiThreat.ExposedBucket])
        ($r.Name | Sort-Object) | Should -Be @('acmebank-backup', 'acmebank-dev', 'acmebank-logs', 'acmebank-uploads')
        $backup = $r | Where-Object Name -EQ 'acmebank-backup'
        $backup.PublicList | Should -BeTrue
        $backup.PublicRead | Should -BeTrue
        $backup.SampleObjects | Should -Contain 'exports/users.csv'
        ($backup.Findings.RuleId | Sort-Object) | Should -Be @('ATR-DRP-004', 'ATR-DRP-005')
        $backup.Findings | ForEach-Object { $_.Confidence | Should -Be Potential }
        $uploads = $r | Where-Object Name -EQ 'acmebank-uploads'
        $uploads.PublicRead | Should -BeFalse
        $uploads.PublicWrite | Should -BeNullOrEmpty
        $uploads.Findings.RuleId | Should -Be 'ATR-DRP-004'
        $logs = $r | Where-Object Name -EQ 'acmebank-logs'
        $logs.ErrorCode | Should -Be 'AccessDenied'
        $logs.Findings | Should -BeNullOrEmpty
        ($r | Where-Object Name -EQ 'acmebank-dev').ErrorCode | Should -Be 'PermanentRedirect'
        ($r | Where-Object Name -EQ 'acmebank-dev').Findings | Should -BeNullOrEmpty
    }

    It 'probes public write only with -Active, and not under -WhatIf' {
        $what = Find-ExposedBucket acmebank -Provider S3 -S3Endpoint $s3 -S3PathStyle @LabParams -Active -WhatIf
        ($what | Where-Object { $null -ne $_.PublicWrite }) | Should -BeNullOrEmpty
        $r = Find-ExposedBucket acmebank -Provider S3 -S3Endpoint $s3 -S3PathStyle @LabParams -Active -Confirm:$false
        $uploads = $r | Where-Object Name -EQ 'acmebank-uploads'
        $uploads.PublicWrite | Should -BeTrue
        $write = $uploads.Findings | Where-Object RuleId -EQ 'ATR-DRP-006'
        $write.Severity | Should -Be Critical
        $write.Confidence | Should -Be Confirmed
        $write.Method | Should -Be Active
        ($r | Where-Object Name -EQ 'acmebank-backup').PublicWrite | Should -BeFalse
    }

    It 'checks Google Cloud Storage path style and Azure containers of accounts that resolve' {
        $g = Find-ExposedBucket acmebank.example -Provider GoogleCloudStorage -GcsEndpoint $gcs @LabParams -Word backup
        ($g.Name | Sort-Object) | Should -Be @('acmebank-backup')
        $g.HostName | Should -Be 'acmebank.example'
        $a = Find-ExposedBucket acmebank -Provider AzureBlob -AzureBlobEndpoint $azure @LabParams
        ($a.Name | Sort-Object) | Should -Be @('acmebank/public')
        $a.Url | Should -Be "http://acmebank.blob-drp.$($Lab.zone):$($Lab.httpPort)/public/"
        $a.Findings.RuleId | Sort-Object | Should -Be @('ATR-DRP-004', 'ATR-DRP-005')
    }

    It 'scores open buckets in the DigitalRisk factor' {
        $score = Find-ExposedBucket acmebank.example -Provider GoogleCloudStorage -GcsEndpoint $gcs @LabParams -Word backup |
            Get-ExternalRiskScore -Domain acmebank.example | Where-Object { $_.Target -eq 'acmebank.example' -and $_.Scope -eq 'Domain' }
        ($score.Factors | Where-Object Category -EQ DigitalRisk).FindingCount | Should -Be 2
    }

    It 'rejects a name it cannot use and goes on' {
        $r = Find-ExposedBucket '---', 'acmebank' -Provider S3 -S3Endpoint $s3 -S3PathStyle @LabParams -Word logs -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Match '^InvalidName'
        $r.Name | Should -Be 'acmebank-logs'
    }

    It 'stops on an endpoint that is not an http(s) URL' {
        { Find-ExposedBucket acmebank -S3Endpoint 'ftp://example.invalid/' } | Should -Throw -ErrorId 'InvalidStorageEndpoint*'
    }
}

Describe 'Find-ExposedBucket against a real S3-compatible server (s3rver)' {
    BeforeAll {
        $script:skip = Get-RealSkipReason -Command node -App drp-storage -NpmPackage s3rver
        if (-not $skip) {
            $port = Get-FreeTcpPort
            $data = Join-Path ([IO.Path]::GetTempPath()) "apithreat-s3rver-$PID"
            $null = New-Item -ItemType Directory -Force $data
            $app = Join-Path $RepoRoot 'tests/Real/apps/drp-storage'
            $script:s3rver = Start-RealServer -Name s3rver -FilePath (Get-Command node).Source -WorkingDirectory $app `
                -ArgumentList @((Join-Path $app 'node_modules/s3rver/bin/s3rver.js'), '-d', $data, '-a', '127.0.0.1', '-p', $port, '--no-vhost-buckets',
                    '--configure-bucket', 'acmebank-backup', '--configure-bucket', 'acmebank-assets') -ReadyPort $port
            $script:endpoint = "http://127.0.0.1:$port"
            $null = Invoke-Curl -Url "$endpoint/acmebank-backup/exports/customers.csv" -Method PUT -Body 'id,name'
        }
    }
    AfterAll { if ($s3rver) { $s3rver | Stop-RealServer } }

    It 'finds the buckets s3rver holds, anonymously listable and readable as s3rver serves them' {
        if ($skip) { Set-ItResult -Skipped -Because $skip; return }
        $truth = Invoke-Curl -Url "$endpoint/acmebank-backup?max-keys=10"
        $truth.Body | Should -Match '<Key>exports/customers.csv</Key>'
        (Invoke-Curl -Url "$endpoint/acmebank-logs?max-keys=10").Body | Should -Match 'NoSuchBucket'
        $r = Find-ExposedBucket acmebank -Provider S3 -S3Endpoint $endpoint -Word backup, assets, logs -AllowPrivateAddress
        ($r.Name | Sort-Object) | Should -Be @('acmebank-assets', 'acmebank-backup')
        $backup = $r | Where-Object Name -EQ 'acmebank-backup'
        $backup.Url | Should -Be "$endpoint/acmebank-backup/"
        $backup.SampleObjects | Should -Be 'exports/customers.csv'
        $backup.PublicRead | Should -BeTrue
        ($backup.Findings.RuleId | Sort-Object) | Should -Be @('ATR-DRP-004', 'ATR-DRP-005')
        ($r | Where-Object Name -EQ 'acmebank-assets').PublicRead | Should -BeNullOrEmpty
    }

    It 'writes and deletes its probe object with -Active' {
        if ($skip) { Set-ItResult -Skipped -Because $skip; return }
        $r = Find-ExposedBucket acmebank -Provider S3 -S3Endpoint $endpoint -Word backup -AllowPrivateAddress -Active -Confirm:$false
        $r.PublicWrite | Should -BeTrue
        $r.Findings.RuleId | Should -Contain 'ATR-DRP-006'
        (Invoke-Curl -Url "$endpoint/acmebank-backup?max-keys=100").Body | Should -Not -Match 'apithreat-write-check'
    }
}
