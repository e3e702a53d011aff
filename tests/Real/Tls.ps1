# Pester helpers for the transport wing (dot-source after RealSoftware.ps1): certificates made with the openssl
# command line at test time, nginx started with one scenario's TLS lines, and the ground truth read by sslscan and
# openssl s_client (never through the module).

function Invoke-OpenSsl {
    param([Parameter(Mandatory)][string[]]$Arguments, [string]$Stdin = '')
    $out = $Stdin | & openssl @Arguments 2>&1
    if ($LASTEXITCODE -ne 0) { throw "openssl $($Arguments -join ' ') failed: $($out -join "`n")" }
}

function New-TlsCertificateSet {
    <#
    A private root, an intermediate, and leaf certificates for tls.test signed by the intermediate: good (2048-bit RSA,
    SHA-256, a year), expired (2020), wrong-name (other.test), weak (1024-bit RSA signed with SHA-1) and a self-signed
    one. Returns the paths; chain files hold the leaf then the intermediate, as a server should send them.
    #>
    param([Parameter(Mandatory)][string]$Directory)
    $d = $Directory
    $null = New-Item -ItemType Directory -Force $d
    $ca = "basicConstraints=critical,CA:TRUE`nkeyUsage=critical,keyCertSign,cRLSign`nsubjectKeyIdentifier=hash`n"
    Set-Content "$d/ca.ext" $ca
    Set-Content "$d/leaf.ext" "basicConstraints=CA:FALSE`nkeyUsage=critical,digitalSignature,keyEncipherment`nextendedKeyUsage=serverAuth`nsubjectAltName=DNS:tls.test`n"
    Set-Content "$d/other.ext" "basicConstraints=CA:FALSE`nextendedKeyUsage=serverAuth`nsubjectAltName=DNS:other.test`n"
    Invoke-OpenSsl @('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', "$d/root.key", '-out', "$d/root.pem", '-days', '3650',
        '-subj', '/CN=ApiThreat Transport Test Root', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign')
    Invoke-OpenSsl @('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', "$d/int.key", '-out', "$d/int.csr", '-subj', '/CN=ApiThreat Transport Test Intermediate')
    Invoke-OpenSsl @('x509', '-req', '-in', "$d/int.csr", '-CA', "$d/root.pem", '-CAkey', "$d/root.key", '-CAcreateserial', '-out', "$d/int.pem",
        '-days', '3650', '-sha256', '-extfile', "$d/ca.ext")

    function Sign([string]$Name, [string]$Key = 'rsa:2048', [string]$Digest = '-sha256', [string]$Ext = 'leaf.ext', [string]$Cn = 'tls.test') {
        Invoke-OpenSsl @('req', '-newkey', $Key, '-nodes', '-keyout', "$d/$Name.key", '-out', "$d/$Name.csr", '-subj', "/CN=$Cn")
        Invoke-OpenSsl @('x509', '-req', '-in', "$d/$Name.csr", '-CA', "$d/int.pem", '-CAkey', "$d/int.key", '-CAcreateserial', '-out', "$d/$Name.pem",
            '-days', '365', $Digest, '-extfile', "$d/$Ext")
        Set-Content "$d/$Name-chain.pem" ((Get-Content -Raw "$d/$Name.pem") + (Get-Content -Raw "$d/int.pem")) -NoNewline
    }
    Sign 'good'
    Sign 'other' -Ext 'other.ext' -Cn 'other.test'
    Sign 'weak' -Key 'rsa:1024' -Digest '-sha1'

    # Expired: 'openssl ca' is the command line's way to set past dates (OpenSSL 3.0's x509 has no -not_after).
    $null = New-Item -ItemType Directory -Force "$d/ca-db"
    Set-Content "$d/ca-db/index.txt" '' -NoNewline
    Set-Content "$d/ca-db/serial" '1000'
    Set-Content "$d/ca.cnf" @"
[ ca ]
default_ca = int
[ int ]
database = $d/ca-db/index.txt
serial = $d/ca-db/serial
new_certs_dir = $d/ca-db
certificate = $d/int.pem
private_key = $d/int.key
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
[ any ]
commonName = supplied
[ leaf ]
basicConstraints = CA:FALSE
extendedKeyUsage = serverAuth
subjectAltName = DNS:tls.test
"@
    Invoke-OpenSsl @('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', "$d/expired.key", '-out', "$d/expired.csr", '-subj', '/CN=tls.test')
    Invoke-OpenSsl @('ca', '-batch', '-config', "$d/ca.cnf", '-extensions', 'leaf', '-in', "$d/expired.csr", '-out', "$d/expired.pem",
        '-startdate', '20200101000000Z', '-enddate', '20210101000000Z', '-notext')
    Set-Content "$d/expired-chain.pem" ((Get-Content -Raw "$d/expired.pem") + (Get-Content -Raw "$d/int.pem")) -NoNewline

    Invoke-OpenSsl @('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', "$d/self.key", '-out', "$d/self.pem", '-days', '365',
        '-subj', '/CN=tls.test', '-addext', 'subjectAltName=DNS:tls.test')
    # Mozilla's configurations name RFC 7919's ffdhe2048 group as the DHE parameters.
    Invoke-OpenSsl @('genpkey', '-genparam', '-algorithm', 'DH', '-pkeyopt', 'group:ffdhe2048', '-out', "$d/ffdhe2048.pem")
    [pscustomobject]@{ Directory = $d; Root = "$d/root.pem"; Intermediate = "$d/int.pem" }
}

function Start-TlsNginx {
    <#
    nginx (Debian) with one scenario: its ssl_* lines, its certificate, HSTS or not, and a plain-HTTP listener that
    redirects to HTTPS or serves a page. Returns the server with its HTTPS and HTTP ports.
    #>
    param([Parameter(Mandatory)][hashtable]$Case, [Parameter(Mandatory)]$Certificates)
    $https = Get-FreeTcpPort; $http = Get-FreeTcpPort
    $tmp = Join-Path ([IO.Path]::GetTempPath()) "apithreat-tls-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
    $null = New-Item -ItemType Directory -Force $tmp
    $c = $Certificates.Directory
    $cert = switch ($Case.Certificate) { 'good' { "$c/good-chain.pem" } 'leaf-only' { "$c/good.pem" } 'self' { "$c/self.pem" } default { "$c/$($Case.Certificate)-chain.pem" } }
    $key = switch ($Case.Certificate) { 'leaf-only' { "$c/good.key" } default { "$c/$($Case.Certificate).key" } }
    $plain = if ($Case.Redirect) { "return 301 https://tls.test:$https`$request_uri;" } else { 'location / { default_type text/plain; return 200 "plain`n"; }' }
    $hsts = if ($Case.Hsts) { "add_header Strict-Transport-Security `"$($Case.Hsts)`" always;" } else { '' }
    $tls = ($Case.Tls -join "`n        ").Replace('__DH__', "$c/ffdhe2048.pem")
    $conf = New-TlsConfig 'transport-nginx' 'site.conf' @{
        __TMP__ = $tmp; __HTTP_PORT__ = $http; __PORT__ = $https; __CERT__ = $cert; __KEY__ = $key; __TLS__ = $tls; __HSTS__ = $hsts; __PLAIN__ = $plain }
    Set-Content (Join-Path $tmp 'nginx.conf') $conf
    $server = Start-RealServer -Name 'tls-nginx' -FilePath '/usr/sbin/nginx' -ArgumentList @('-c', (Join-Path $tmp 'nginx.conf'), '-p', $tmp) -ReadyPort $https -TimeoutSec 20
    $server | Add-Member -NotePropertyName HttpsPort -NotePropertyValue $https -PassThru | Add-Member -NotePropertyName HttpPort -NotePropertyValue $http -PassThru
}

function Get-SslscanTruth {
    <#
    What sslscan (Debian, its own OpenSSL) sees on 127.0.0.1:<port> with SNI tls.test: the protocols it found enabled
    and the accepted suites' IANA codes by protocol ('TLS1.2' = @(0xC02F, ...)), in the module's protocol names.
    #>
    param([Parameter(Mandatory)][int]$Port)
    $xml = [xml]((& sslscan --no-colour --sni-name=tls.test --xml=- "127.0.0.1:$Port" 2>$null) -join "`n")
    $names = @{ 'ssl:3' = 'SSLv3'; 'tls:1.0' = 'TLS1.0'; 'tls:1.1' = 'TLS1.1'; 'tls:1.2' = 'TLS1.2'; 'tls:1.3' = 'TLS1.3' }
    $protocols = @($xml.document.ssltest.protocol | Where-Object enabled -EQ '1' | ForEach-Object { $names["$($_.type):$($_.version)"] } | Where-Object { $_ })
    $suites = @{}
    foreach ($c in $xml.document.ssltest.cipher) {
        $p = $c.sslversion -replace '^TLSv', 'TLS' -replace '^TLS1$', 'TLS1.0' -replace '^SSLv3$', 'SSLv3'
        if (-not $suites[$p]) { $suites[$p] = [System.Collections.Generic.List[int]]::new() }
        $suites[$p].Add([Convert]::ToInt32($c.id, 16))
    }
    [pscustomobject]@{ Protocols = $protocols; Suites = $suites }
}

function Get-OpenSslVerify {
    # openssl s_client's verdict on the chain the server sends, trusting only the test root and checking the name.
    param([Parameter(Mandatory)][int]$Port, [Parameter(Mandatory)][string]$Root)
    $out = '' | & openssl s_client -connect "127.0.0.1:$Port" -servername tls.test -verify_hostname tls.test -CAfile $Root -showcerts 2>&1
    $code = if (($out -join "`n") -match 'Verify return code: (\d+) \(([^)]*)\)') { [int]$Matches[1] } else { -1 }
    [pscustomobject]@{ Code = $code; Text = $Matches[2]; CertificatesSent = ([regex]::Matches(($out -join "`n"), '-----BEGIN CERTIFICATE-----')).Count }
}

function New-TlsConfig([string]$App, [string]$File, [hashtable]$Values) {
    # A template of tests/Real/apps/<App>/ with its comment dropped (it names the placeholders) and the values filled in.
    $text = (Get-Content (Join-Path $RealRoot "apps/$App/$File") | Where-Object { $_ -notmatch '^#' }) -join "`n"
    foreach ($k in $Values.Keys) { $text = $text.Replace($k, [string]$Values[$k]) }
    $text
}

function Start-TlsApache {
    # Apache (Debian) with Debian's shipped mod_ssl settings: HTTPS and plain HTTP on free ports, the good chain.
    param([Parameter(Mandatory)]$Certificates)
    $https = Get-FreeTcpPort; $http = Get-FreeTcpPort
    $tmp = Join-Path ([IO.Path]::GetTempPath()) "apithreat-tls-apache-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
    $root = Join-Path $tmp 'www'
    $null = New-Item -ItemType Directory -Force $root
    Set-Content (Join-Path $root 'index.html') 'api'
    & chmod -R o+rX $tmp
    $c = $Certificates.Directory
    Set-Content (Join-Path $tmp 'apache2.conf') (New-TlsConfig 'transport-apache' 'site.conf' @{
            __TMP__ = $tmp; __HTTP_PORT__ = $http; __PORT__ = $https; __CERT__ = "$c/good-chain.pem"; __KEY__ = "$c/good.key"; __ROOT__ = $root })
    $server = Start-RealServer -Name 'tls-apache' -FilePath '/usr/sbin/apache2' -ArgumentList @('-f', (Join-Path $tmp 'apache2.conf'), '-DFOREGROUND') -ReadyPort $https -TimeoutSec 20
    $server | Add-Member -NotePropertyName HttpsPort -NotePropertyValue $https -PassThru | Add-Member -NotePropertyName HttpPort -NotePropertyValue $http -PassThru
}

function Start-TlsCaddy {
    # Caddy (Debian) with automatic HTTPS from its local CA; returns the server, its ports and the CA's root certificate.
    $https = Get-FreeTcpPort; $http = Get-FreeTcpPort
    $tmp = Join-Path ([IO.Path]::GetTempPath()) "apithreat-tls-caddy-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
    $null = New-Item -ItemType Directory -Force $tmp
    $config = Join-Path $tmp 'Caddyfile'
    Set-Content $config (New-TlsConfig 'transport-caddy' 'Caddyfile' @{ __TMP__ = $tmp; __HTTP_PORT__ = $http; __PORT__ = $https })
    $env = @{ HOME = $tmp; XDG_DATA_HOME = $tmp; XDG_CONFIG_HOME = $tmp }
    $server = Start-RealServer -Name 'tls-caddy' -FilePath 'caddy' -ArgumentList @('run', '--config', $config, '--adapter', 'caddyfile') -Environment $env -ReadyPort $https -TimeoutSec 30
    # The site's certificate is issued just after start-up: wait until the handshake presents it.
    $root = Join-Path $tmp 'caddy/pki/authorities/local/root.crt'
    $deadline = [DateTime]::UtcNow.AddSeconds(20)
    while ([DateTime]::UtcNow -lt $deadline -and -not ((Test-Path $root) -and (Get-OpenSslVerify -Port $https -Root $root).Code -eq 0)) { Start-Sleep -Milliseconds 200 }
    $server | Add-Member -NotePropertyName HttpsPort -NotePropertyValue $https -PassThru | Add-Member -NotePropertyName HttpPort -NotePropertyValue $http -PassThru |
        Add-Member -NotePropertyName Root -NotePropertyValue $root -PassThru
}
