# The public parameter surface of cmdlets as text: syntax lines, parameter sets, and every parameter with its type,
# aliases, attributes (set, position, mandatory, pipeline binding, validation, completers) and default value, in the
# order PowerShell lists them. Moving a parameter to a base class must leave this text unchanged; the Pester test
# ParameterSurface.Tests.ps1 compares it with a committed snapshot.
#   . ./ParameterSurface.ps1; Get-ParameterSurface Send-ApiThreatEvent | Set-Content snapshot.txt
function Get-ParameterSurface {
    param([Parameter(Mandatory)][string[]]$Name)
    $common = [System.Management.Automation.Internal.CommonParameters].GetProperties().Name +
        [System.Management.Automation.Internal.ShouldProcessParameters].GetProperties().Name
    foreach ($commandName in $Name) {
        $command = Get-Command $commandName -CommandType Cmdlet
        "# $commandName"
        (Get-Command $commandName -Syntax).Trim() -split '\r?\n' | Where-Object { $_ } | ForEach-Object { "syntax: $_" }
        "default set: $($command.DefaultParameterSet)"
        $instance = [Activator]::CreateInstance($command.ImplementingType)
        foreach ($p in $command.Parameters.Values | Where-Object Name -NotIn $common) {
            $default = $instance.($p.Name)
            $shown = if ($null -eq $default) { '$null' } elseif ($default -is [array]) { '@(' + ($default -join ',') + ')' } else { "$default" }
            "  -$($p.Name) [$($p.ParameterType.FullName)] aliases=$($p.Aliases -join ',') default=$shown"
            foreach ($a in $p.Attributes) {
                if ($a -is [Parameter]) {
                    "    set=$($a.ParameterSetName) mandatory=$($a.Mandatory) position=$($a.Position) pipeline=$($a.ValueFromPipeline)" +
                        " byName=$($a.ValueFromPipelineByPropertyName) remaining=$($a.ValueFromRemainingArguments) dontShow=$($a.DontShow) help=$($a.HelpMessage)"
                }
                elseif ($a -isnot [Alias] -and $a.GetType().Namespace -ne 'System.Runtime.CompilerServices') {
                    $props = $a.GetType().GetProperties() | Where-Object { $_.Name -ne 'TypeId' } | Sort-Object Name |
                        ForEach-Object { $v = $_.GetValue($a); "$($_.Name)=$(if ($v -is [array]) { $v -join ',' } else { $v })" }
                    "    $($a.GetType().Name) $($props -join ' ')"
                }
            }
        }
    }
}
