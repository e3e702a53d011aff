# Test-HijackSusceptibility's transport-for-people rules against real servers (tests/Real): Django's admin login form
# served over plain HTTP with no HTTPS at all, and its safe twin, the same kind of login page on nginx over HTTPS
# whose plain-HTTP listener only redirects.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $RepoRoot 'tests/Real/RealSoftware.ps1')
    . (Join-Path $RepoRoot 'tests/Real/Exposure.ps1')
    $script:Apps = Join-Path $RepoRoot 'tests/Real/apps'
}

Describe 'a password form over plain HTTP (Django admin) and over HTTPS (nginx)' {
    BeforeAll {
        $script:DjangoReason = Get-RealSkipReason -Command python3 -PythonModule django, rest_framework
        $script:NginxReason = Get-RealSkipReason -Command nginx, openssl
        if (-not $DjangoReason) {
            $script:DjangoPort = Get-FreeTcpPort
            $data = Join-Path ([IO.Path]::GetTempPath()) "apithreat-django-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
            $null = New-Item -ItemType Directory $data
            $script:Django = Start-RealServer -Name django-admin -FilePath /usr/bin/python3 -ArgumentList @((Join-Path $Apps 'exposure-django/app.py'), $DjangoPort, $data) `
                -Environment @{ APITHREAT_DEBUG = '1' } -ReadyPort $DjangoPort -TimeoutSec 120
        }
        if (-not $NginxReason) {
            $script:TlsPort = Get-FreeTcpPort
            $script:HttpPort = Get-FreeTcpPort
            $root = Join-Path ([IO.Path]::GetTempPath()) "apithreat-login-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
            $null = New-Item -ItemType Directory $root
            Set-Content (Join-Path $root 'login.html') '<!doctype html><html><head><title>Sign in</title></head><body><form method="post" action="/session"><input name="username"><input type="password" name="password"><button>Sign in</button></form></body></html>'
            & chmod -R a+rX $root
            $config = New-ExposureConfig -App exposure-nginx-tls -Template login.conf -Port $TlsPort -Root $root
            [IO.File]::WriteAllText($config.Path, (Get-Content -Raw $config.Path).Replace('__HTTP_PORT__', "$HttpPort"))
            & openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj '/CN=127.0.0.1' -addext 'subjectAltName=IP:127.0.0.1' `
                -keyout (Join-Path $config.Directory 'key.pem') -out (Join-Path $config.Directory 'cert.pem') 2>$null
            $script:Nginx = Start-RealServer -Name nginx-tls -FilePath /usr/sbin/nginx -ArgumentList @('-c', $config.Path, '-p', $config.Directory) -ReadyPort $TlsPort
        }
    }
    AfterAll { $Django, $Nginx | Stop-RealServer }

    It 'Django admin login over plain HTTP, no HTTPS at all: ATR-EXPO-013 and ATR-EXPO-014 (High)' {
        if ($DjangoReason) { Set-ItResult -Skipped -Because $DjangoReason; return }
        $url = "http://127.0.0.1:$DjangoPort/admin/login/"
        (Invoke-Curl $url).Body | Should -Match 'type="password"'
        $findings = Test-HijackSusceptibility $url -AllowPrivateAddress -Passive -TimeoutSec 10
        $ids = $findings.RuleId
        $ids | Should -Contain 'ATR-EXPO-013'
        $ids | Should -Contain 'ATR-EXPO-014'
        ($findings | Where-Object RuleId -EQ 'ATR-EXPO-014').Severity | Should -Be 'High'
        # The same page through Test-ApiSecurity gives the same transport findings.
        $api = Invoke-ExposureScan $url
        $api.RuleId | Should -Contain 'ATR-EXPO-014'
        $api.RuleId | Should -Contain 'ATR-EXPO-013'
    }

    It 'a login page on HTTPS whose http:// listener redirects: neither' {
        if ($NginxReason) { Set-ItResult -Skipped -Because $NginxReason; return }
        (Invoke-Curl "http://127.0.0.1:$HttpPort/login.html").StatusCode | Should -Be 301
        (Invoke-Curl "https://127.0.0.1:$TlsPort/login.html").Body | Should -Match 'type="password"'
        $findings = Test-HijackSusceptibility "https://127.0.0.1:$TlsPort/login.html" -HttpPort $HttpPort -AllowPrivateAddress -Passive -TimeoutSec 10
        $findings.RuleId | Should -Not -Contain 'ATR-EXPO-013'
        $findings.RuleId | Should -Not -Contain 'ATR-EXPO-014'
    }
}
