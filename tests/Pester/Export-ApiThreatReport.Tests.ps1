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
        ([regex]::Matches($r.Dom, '<script')).Count | Should -Be 1   # the hostile titles stayed text
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
        (Get-Content -Raw $path) -replace '</main>', '<script>document.title="x"</script><img src="https://example.invalid/x.png" alt=""></main>' |
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

    It 'supports -WhatIf and -NoClobber' {
        $path = Join-Path $TestDrive 'whatif.html'
        New-SampleScan | Export-ApiThreatReport -Path $path -WhatIf
        Test-Path $path | Should -BeFalse
        New-SampleScan | Export-ApiThreatReport -Path $path
        { New-SampleScan | Export-ApiThreatReport -Path $path -NoClobber } | Should -Throw -ErrorId 'ReportExists*'
    }
}
