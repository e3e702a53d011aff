# Pester helpers of the Rails tests (dot-source after common.ps1 and RealSoftware.ps1): the API-only app of
# tests/Real/apps/realfw-rails on Debian's ruby-rails 6.1 and WEBrick, in the environment asked for.

function Get-RailsSkipReason {
    # $null when Debian's Rails, its SQLite adapter and WEBrick load; otherwise the reason the tests skip.
    $reason = Get-RealSkipReason -Command ruby, curl
    if ($reason) { return $reason }
    & ruby -e "require 'rails'; require 'active_record/railtie'; require 'action_controller/railtie'; require 'sqlite3'; require 'rack/handler/webrick'" 2>$null
    if ($LASTEXITCODE -ne 0) { return 'Rails 6.1 with SQLite and WEBrick is not installed (Debian packages ruby-rails, ruby-sqlite3, ruby-webrick)' }
    $null
}

function Start-RailsApp {
    # Starts the app with RAILS_ENV=$Environment on a free port; waits until its health route answers (Rails boots slowly).
    param([ValidateSet('development', 'production')][string]$Environment)
    $port = Get-FreeTcpPort
    $server = Start-RealServer -Name "rails-$Environment" -FilePath (Get-Command ruby).Source -ArgumentList 'app.rb', $port `
        -WorkingDirectory (Join-Path $RepoRoot 'tests/Real/apps/realfw-rails') -Environment @{ RAILS_ENV = $Environment } -ReadyPort $port -TimeoutSec 120
    $base = "http://127.0.0.1:$port"
    $deadline = [DateTime]::UtcNow.AddSeconds(120)
    while ((Invoke-Curl "$base/up").StatusCode -ne 200 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 500 }
    [pscustomobject]@{ Server = $server; Base = $base }
}
