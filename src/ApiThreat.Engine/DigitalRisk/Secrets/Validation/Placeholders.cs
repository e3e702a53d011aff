namespace ApiThreat.Engine.DigitalRisk.Secrets.Validation;

/// <summary>
/// Values that stand where a secret will go but are not one: documentation examples (AKIAIOSFODNN7EXAMPLE),
/// template references (${API_KEY}, {{token}}, process.env.X), masks (****, xxxx) and runs or sequences no random
/// key contains.
/// </summary>
public static class Placeholders
{
    private static readonly string[] s_markers =
    {
        "example", "xxxxx", "placeholder", "changeme", "change_me", "change-me", "your_", "your-", "yourkey", "yourtoken",
        "yoursecret", "redacted", "dummy", "${", "{{", "}}", "<%", "%s", "process.env", "import.meta", "****", "....",
        "0123456789", "123456789", "abcdefgh", "insert", "replace_with", "replaceme", "not-a-real", "notarealkey",
    };

    public static bool IsPlaceholder(string value)
    {
        foreach (var m in s_markers)
            if (value.Contains(m, StringComparison.OrdinalIgnoreCase)) return true;
        if (value.Length >= 2 && value[0] == '<' && value[^1] == '>') return true;
        var run = 1;
        for (var i = 1; i < value.Length; i++)
        {
            run = value[i] == value[i - 1] ? run + 1 : 1;
            if (run >= 6) return true;
        }
        return false;
    }
}
