namespace ApiThreat.Engine.DigitalRisk.Lookalike;

/// <summary>
/// Characters and character pairs that read as another character: digits and letters that pass for each other
/// (0/o, 1/l/i, rn/m, vv/w, cl/d), Latin letters with diacritics, hooks, strokes and small capitals that IDN
/// registries accept, and the Cyrillic letters that look Latin (whole-script lookalikes such as аррӏе for apple).
/// The sets are those phishing research and dnstwist treat as confusable (Unicode's confusables.txt is the
/// wider reference); IDNA decides later which of them a registry could actually hold.
/// </summary>
public static class Glyphs
{
    /// <summary>Lookalikes of each ASCII letter or digit, space-separated (multi-character lookalikes allowed).</summary>
    public static IReadOnlyDictionary<char, string[]> Latin { get; } = Parse(new Dictionary<char, string>
    {
        ['0'] = "o",
        ['1'] = "l i",
        ['2'] = "ƻ",
        ['3'] = "8",
        ['5'] = "ƽ",
        ['6'] = "9",
        ['8'] = "3",
        ['9'] = "6",
        ['a'] = "à á â ã ä å ɑ ạ ǎ ă ȧ ą ə",
        ['b'] = "d lb ʙ ɓ ḃ ḅ ḇ ƅ",
        ['c'] = "e ƈ ċ ć ç č ĉ ᴄ",
        ['d'] = "b cl dl ɗ đ ď ɖ ḑ ḋ ḍ ḏ ḓ",
        ['e'] = "c é è ê ë ē ĕ ě ė ẹ ę ȩ ɇ ḛ",
        ['f'] = "ƒ ḟ",
        ['g'] = "q ɢ ɡ ġ ğ ǵ ģ ĝ ǧ ǥ",
        ['h'] = "lh ĥ ȟ ħ ɦ ḧ ḩ ⱨ ḣ ḥ ḫ ẖ",
        ['i'] = "1 l í ì ï ı ɩ ǐ ĭ ỉ ị ɨ ȋ ī ɪ",
        ['j'] = "ʝ ǰ ɉ ĵ",
        ['k'] = "lk ik lc ḳ ḵ ⱪ ķ ᴋ",
        ['l'] = "1 i ɫ ł",
        ['m'] = "n nn rn rr ṁ ṃ ᴍ ɱ ḿ",
        ['n'] = "m r ń ṅ ṇ ṉ ñ ņ ǹ ň ꞑ",
        ['o'] = "0 ȯ ọ ỏ ơ ó ö ᴏ",
        ['p'] = "ƿ ƥ ṕ ṗ",
        ['q'] = "g ʠ",
        ['r'] = "ʀ ɼ ɽ ŕ ŗ ř ɍ ɾ ȓ ȑ ṙ ṛ ṟ",
        ['s'] = "ʂ ś ṣ ṡ ș ŝ š ꜱ",
        ['t'] = "ţ ŧ ṫ ṭ ț ƫ",
        ['u'] = "ᴜ ǔ ŭ ü ʉ ù ú û ũ ū ų ư ů ű ȕ ȗ ụ",
        ['v'] = "ṿ ⱱ ᶌ ṽ ⱴ ᴠ",
        ['w'] = "vv ŵ ẁ ẃ ẅ ⱳ ẇ ẉ ẘ ᴡ",
        ['x'] = "ẋ ẍ",
        ['y'] = "ʏ ý ÿ ŷ ƴ ȳ ɏ ỿ ẏ ỵ",
        ['z'] = "ʐ ż ź ᴢ ƶ ẓ ẕ ⱬ",
    });

    /// <summary>The Cyrillic letter that looks like each Latin letter (no Cyrillic lookalike: absent).</summary>
    public static IReadOnlyDictionary<char, char> Cyrillic { get; } = new Dictionary<char, char>
    {
        ['a'] = 'а', ['b'] = 'ь', ['c'] = 'с', ['d'] = 'ԁ', ['e'] = 'е', ['g'] = 'ԍ', ['h'] = 'һ', ['i'] = 'і',
        ['j'] = 'ј', ['k'] = 'к', ['l'] = 'ӏ', ['m'] = 'м', ['o'] = 'о', ['p'] = 'р', ['q'] = 'ԛ', ['s'] = 'ѕ',
        ['t'] = 'т', ['v'] = 'ѵ', ['w'] = 'ԝ', ['x'] = 'х', ['y'] = 'у',
    };

    private static IReadOnlyDictionary<char, string[]> Parse(Dictionary<char, string> table) =>
        table.ToDictionary(p => p.Key, p => p.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
