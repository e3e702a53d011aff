namespace ApiThreat.Engine.Text;

/// <summary>The engine's own version, for the User-Agent and exported documents.</summary>
public static class EngineInfo
{
    public static string Version { get; } =
        typeof(EngineInfo).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
