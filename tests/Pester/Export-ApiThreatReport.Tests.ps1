BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $PSScriptRoot 'ExportSamples.ps1')
    # Headless Chromium renders the report for real (CSP, script, style). .ci/run installs the Debian package;
    # where it is absent the browser tests are skipped and say why.
    $script:Chromium = Get-Command chromium, chromium-browser, google-chrome, google-chrome-stable -CommandType Application -ErrorAction SilentlyContinue |
        Select-Object -First 1 -ExpandProperty Source
    function Invoke-Chromium([string]$Url) {
        $profileDir = Join-Path $TestDrive ("chromium-" + [guid]::NewGuid())
        $stderr = Join-Path $TestDrive 'chromium.err'
        $args = @('--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage',
            '--no-first-run', '--disable-extensions', "--user-data-dir=$profileDir", '--enable-logging=stderr', '--v=0', '--virtual-time-budget=5000', '--dump-dom', $Url)
        $dom = & $Chromium @args 2> $stderr | Out-String
        if ($dom -match '<body[^>]*data-load-ms="(\d+)"') { Write-Host "    chromium: $Url loaded in $($Matches[1]) ms" }
        [pscustomobject]@{ Dom = $dom; Console = @(Get-Content $stderr | Where-Object { $_ -match ':CONSOLE' }) }
    }
}

Describe 'Export-ApiThreatReport' {
    It 'writes one self-contained HTML file, deterministic with -Timestamp' {
        $a = Join-Path $TestDrive 'a.html'; $b = Join-Path $TestDrive 'b.html'
        $file = New-SampleScan | Export-ApiThreatReport -Path $a -Timestamp $PinnedTime -PassThru
        $file | Should -BeOfType ([System.IO.FileInfo])
        $scan = New-SampleScan
        @($scan.Findings[2], $scan) | Export-ApiThreatReport -Path $b -Timestamp $PinnedTime
        (Get-FileHash $a).Hash | Should -Be (Get-FileHash $b).Hash
        $html = Get-Content -Raw $a
        $html | Should -Match '<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;sha256-'
        $html | Should -Not -Match '<script>alert'
        $html | Should -Not -Match '\s(src|href)="(?!#|https?://)'
    }

    It 'renders in headless Chromium with the expected counts, its script running and no CSP violation or console error' {
        if (-not $Chromium) { Set-ItResult -Skipped -Because 'no Chromium on this machine (Debian: apt-get install chromium; .ci/run installs it)'; return }
        $path = Join-Path $TestDrive 'report.html'
        New-SampleScan | Export-ApiThreatReport -Path $path -Timestamp $PinnedTime
        $r = Invoke-Chromium ([Uri]::new($path).AbsoluteUri)
        $r.Dom | Should -Match '<body[^>]*data-ready="1"'          # the script ran (allowed by its hash)
        $r.Dom | Should -Match '<body[^>]*data-style-ok="1"'       # the style applied (allowed by its hash)
        $r.Dom | Should -Not -Match '<body[^>]*data-csp-violations'
        $r.Dom | Should -Not -Match '<body[^>]*data-script-errors'
        $r.Console | Should -BeNullOrEmpty
        $r.Dom | Should -Match 'id="count-findings">4<'
        $r.Dom | Should -Match 'id="count-hosts">3<'
        $r.Dom | Should -Match 'id="count-critical">1<'
        $r.Dom | Should -Match 'Showing 4 of 4 findings'
        ([regex]::Matches($r.Dom, '<script>')).Count | Should -Be 1   # the hostile titles stayed text (the other script is the data block)
        ([regex]::Matches($r.Dom, '<script')).Count | Should -Be 2
        $r.Dom | Should -Match '&lt;script&gt;alert\(1\)&lt;/script&gt;'
    }

    It 'filters the findings table from the URL fragment in the browser' {
        if (-not $Chromium) { Set-ItResult -Skipped -Because 'no Chromium on this machine (Debian: apt-get install chromium; .ci/run installs it)'; return }
        $path = Join-Path $TestDrive 'filter.html'
        New-SampleScan | Export-ApiThreatReport -Path $path -Timestamp $PinnedTime
        $r = Invoke-Chromium (([Uri]::new($path).AbsoluteUri) + '#severity=Critical')
        $r.Dom | Should -Match 'Showing 1 of 4 findings'
        $r = Invoke-Chromium (([Uri]::new($path).AbsoluteUri) + '#q=nginx')
        $r.Dom | Should -Match 'Showing 1 of 4 findings'
    }

    It 'a report whose CSP is broken by injected markup shows the violation (the check is live)' {
        if (-not $Chromium) { Set-ItResult -Skipped -Because 'no Chromium on this machine'; return }
        $path = Join-Path $TestDrive 'tampered.html'
        New-SampleScan | Export-ApiThreatReport -Path $path -Timestamp $PinnedTime
        # The image goes after the report's script, so it is parsed once the violation listener exists: placed before
        # the script, Chromium may dispatch the violation first (seen once in CI on two busy cores).
        (Get-Content -Raw $path) -replace '</main>', '<script>document.title="x"</script></main>' -replace '</body>', '<img src="https://example.invalid/x.png" alt=""></body>' |
            Set-Content -Path $path -NoNewline
        $r = Invoke-Chromium ([Uri]::new($path).AbsoluteUri)
        $r.Dom | Should -Match '<body[^>]*data-csp-violations="\d+"'   # the image, refused after the listener exists
        $r.Dom | Should -Not -Match '<title>x</title>'                  # the injected script did not run
        ($r.Console -join "`n") | Should -Match 'violates the following Content Security Policy directive'
    }

    It 'writes Markdown with target text escaped' {
        $path = Join-Path $TestDrive 'report.md'
        New-SampleScan | Export-ApiThreatReport -Path $path -Format Markdown -Timestamp $PinnedTime
        $md = Get-Content -Raw $path
        $md | Should -Match '^# External attack surface: contoso\.test'
        $md | Should -Match '\| Critical \| `ATR-TEST-002` \| Dangling CNAME \| `old.contoso.test` \| Takeover \|'
        $md | Should -Match '&lt;script&gt;alert\\\(1\\\)&lt;/script&gt;'
    }

    It 'opens the details of a host from its link, drawn from the data block' {
        if (-not $Chromium) { Set-ItResult -Skipped -Because 'no Chromium on this machine (Debian: apt-get install chromium; .ci/run installs it)'; return }
        $path = Join-Path $TestDrive 'host.html'
        New-SampleScan | Export-ApiThreatReport -Path $path -Timestamp $PinnedTime
        $r = Invoke-Chromium (([Uri]::new($path).AbsoluteUri) + '#host-api.contoso.test')
        $r.Dom | Should -Match '<section class="host" id="host-detail"[^>]*data-host="api.contoso.test"'
        $r.Dom | Should -Match '<h3>api.contoso.test · grade C \(62/100\)</h3>'
        $r.Dom | Should -Match '<td>https://api.contoso.test/graphql</td><td>GraphQL</td>'
        $r.Dom | Should -Match 'CN=&lt;script&gt;alert\(1\)&lt;/script&gt;'
        $r.Dom | Should -Not -Match '<body[^>]*data-script-errors'
    }

    It 'supports -WhatIf, replaces a file like Out-File, refuses with -NoClobber, needs -Force for a read-only file' {
        $path = Join-Path $TestDrive 'whatif.html'
        New-SampleScan | Export-ApiThreatReport -Path $path -WhatIf
        Test-Path $path | Should -BeFalse
        New-SampleScan | Export-ApiThreatReport -Path $path | Should -BeNullOrEmpty        # FileInfo only with -PassThru
        Set-Content -Path $path -Value 'old'
        (New-SampleScan | Export-ApiThreatReport -Path $path -PassThru).FullName | Should -Be $path
        Get-Content -Raw $path | Should -Match '^<!DOCTYPE html>'
        { New-SampleScan | Export-ApiThreatReport -Path $path -NoClobber } | Should -Throw -ErrorId 'FileExists*'
        Set-ItemProperty -Path $path -Name IsReadOnly -Value $true
        try {
            { New-SampleScan | Export-ApiThreatReport -Path $path } | Should -Throw -ErrorId 'FileReadOnly*'
            New-SampleScan | Export-ApiThreatReport -Path $path -Force -Format Markdown
            Get-Content -Raw $path | Should -Match '^# External attack surface'
        }
        finally { Set-ItemProperty -Path $path -Name IsReadOnly -Value $false }
        { New-SampleScan | Export-ApiThreatReport -Path (Join-Path $TestDrive 'no/such/folder/r.html') } | Should -Throw -ErrorId 'OutputFolderNotFound*'
        Get-ChildItem $TestDrive -Filter '*.tmp-*' | Should -BeNullOrEmpty                  # no temporary file left behind
    }
}

Describe 'Export-ApiThreatReport at scale' {
    BeforeAll {
        $script:Large = New-LargeScan -HostCount 20000 -FindingCount 100000
        $script:LargePath = Join-Path $TestDrive 'large.html'
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        $script:LargeFile = $Large | Export-ApiThreatReport -Path $LargePath -Timestamp $PinnedTime -PassThru
        Write-Host ("    20,000 hosts and 100,000 findings: {0:n1} s, {1:n1} MB" -f $sw.Elapsed.TotalSeconds, ($LargeFile.Length / 1MB))
    }

    It 'writes 20,000 hosts and 100,000 findings in under 15 MB, hosts without findings summarised' {
        $LargeFile.Length | Should -BeLessThan 15MB
        $html = Get-Content -Raw $LargePath
        $html | Should -Match 'id="count-findings">100000<'
        $html | Should -Match 'id="count-hosts">20000<'
        $html | Should -Match '<span id="hosts-with-findings">5000</span> with findings, <span id="hosts-without-findings">15000</span> without'
        ([regex]::Matches($html, '<tr data-severity=')).Count | Should -Be 100      # one page as HTML, the rest as data
    }

    It 'loads in headless Chromium, pages the findings and filters them' {
        if (-not $Chromium) { Set-ItResult -Skipped -Because 'no Chromium on this machine (Debian: apt-get install chromium; .ci/run installs it)'; return }
        $uri = [Uri]::new($LargePath).AbsoluteUri
        $r = Invoke-Chromium $uri
        $r.Dom | Should -Match '<body[^>]*data-ready="1"'
        $r.Dom | Should -Not -Match '<body[^>]*data-script-errors'
        $r.Dom | Should -Not -Match '<body[^>]*data-csp-violations'
        $r.Dom | Should -Match 'Showing 100000 of 100000 findings'
        $r.Dom | Should -Match 'Page 1 of 1000'
        $r.Dom | Should -Match 'Showing 5000 of 20000 hosts'
        ([regex]::Matches($r.Dom, '<tr data-severity=')).Count | Should -Be 100
        # Load time: from navigation to the first page drawn, measured by the page itself (a shared CI machine is slow;
        # the bound only says the page stays usable).
        [int]([regex]::Match($r.Dom, 'data-load-ms="(\d+)"').Groups[1].Value) | Should -BeLessThan 30000
        $r = Invoke-Chromium ($uri + '#severity=Critical&q=h123.bench.example')
        $r.Dom | Should -Match 'Showing 4 of 100000 findings'
        ([regex]::Matches($r.Dom, '<tr data-severity="Critical"')).Count | Should -Be 4
        $r = Invoke-Chromium ($uri + '#host-h7.bench.example')
        $r.Dom | Should -Match 'data-host="h7.bench.example"'
        ([regex]::Matches($r.Dom, '<div class="finding ')).Count | Should -Be 20
    }
}
