using System.Text.RegularExpressions;

namespace ApiThreat.Engine.Assessment.Authorization;

/// <summary>
/// What property, parameter and path names mean to an authorization test: identifiers, owners, the user an answer
/// is about, administrative functions, privileged properties. Names compare without case, "_" or "-"
/// (book_title = bookTitle).
/// </summary>
public static class Names
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMilliseconds(100);

    private static readonly HashSet<string> s_selfKeys = new(StringComparer.Ordinal)
    {
        "id", "pk", "uuid", "username", "email", "emailaddress", "userid", "login", "sub", "uid", "userName".ToLowerInvariant(),
    };

    private static readonly HashSet<string> s_ownerKeys = new(StringComparer.Ordinal)
    {
        "owner", "ownerid", "ownername", "owneremail", "user", "userid", "username", "useremail", "author", "authorid", "authorname",
        "createdby", "createdbyid", "creator", "creatorid", "account", "accountid", "customer", "customerid", "member", "memberid",
        "uploader", "uploadedby", "postedby", "submittedby", "requester", "requestedby", "email", "login",
    };

    private static readonly HashSet<string> s_genericIdParams = new(StringComparer.Ordinal)
    {
        "id", "pk", "uuid", "guid", "key", "slug", "identifier", "objectid", "oid", "_id",
    };

    /// <summary>Object properties that carry an identifier, in the order a generic {id} parameter tries them.</summary>
    public static readonly string[] IdProperties = { "id", "_id", "pk", "uuid", "guid", "slug", "key" };

    private static readonly Regex s_adminSegment = new(
        @"^(admin|admins|administrator|administration|adm|manage|management|manager|internal|staff|superuser|sudo|backoffice|back-office|moderation|moderator|ops)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, s_timeout);
    private static readonly Regex s_adminWords = new(@"\b(admins?|administrators?|administrative|superusers?|staff only|privileged)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, s_timeout);
    private static readonly Regex s_selfPath = new(@"/(me|self|whoami|current[-_]?user|profile|my[-_]?account|account|userinfo)/?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, s_timeout);

    private static readonly Regex s_unsafeRead = new(
        @"(^|[/_.-])(create|createdb|init|initdb|setup|seed|populate|reset|resetdb|purge|clear|drop|destroy|delete|remove|logout|log-out|signout|sign-out|shutdown|restart|reboot|install|upgrade|migrate)([/_.-]|$)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, s_timeout);
    private static readonly Regex s_unsafeWords = new(@"\b(creates?|deletes?|removes?|resets?|populates?|drops?|purges?|logs? out|signs? out|shuts? down|restarts?)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, s_timeout);

    /// <summary>
    /// A GET that changes state by its name (/createdb, /reset, /logout, "Creates and populates the database"): never sent,
    /// since it could wipe the identities' objects or end their sessions in the middle of the test.
    /// </summary>
    public static bool IsUnsafeRead(ApiOperation op) =>
        s_unsafeRead.IsMatch(op.Path) || s_unsafeRead.IsMatch(op.OperationId ?? "") || s_unsafeWords.IsMatch(op.Summary ?? "");

    public static string Normalize(string name) => name.Replace("_", "").Replace("-", "").ToLowerInvariant();

    /// <summary>The last segment of a flattened name ("owner.username" → "username").</summary>
    public static string Leaf(string name)
    {
        var dot = name.LastIndexOf('.');
        return dot < 0 ? name : name[(dot + 1)..];
    }

    public static bool IsSelfKey(string name) => s_selfKeys.Contains(Normalize(name));

    /// <summary>A property that names the object's owner: "owner", "user_id", "createdBy", or "owner.username", "user.id".</summary>
    public static bool IsOwnerKey(string name)
    {
        var dot = name.IndexOf('.');
        if (dot < 0) return s_ownerKeys.Contains(Normalize(name));
        var head = Normalize(name[..dot]);
        return s_ownerKeys.Contains(head) && s_selfKeys.Contains(Normalize(Leaf(name)));
    }

    public static bool IsGenericIdParameter(string name) => s_genericIdParams.Contains(name.ToLowerInvariant()) || s_genericIdParams.Contains(Normalize(name));

    /// <summary>A path whose segments name an administrative function (/admin/..., /internal/..., /manage/...).</summary>
    public static bool IsAdminPath(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries).Any(s => !s.StartsWith('{') && s_adminSegment.IsMatch(s));

    /// <summary>Spec text (summary, description, operation id, tag, scope) that reserves an operation for administrators.</summary>
    public static bool IsAdminText(string? text) => !string.IsNullOrEmpty(text) && (s_adminWords.IsMatch(text) || text.Contains("admin", StringComparison.OrdinalIgnoreCase) && text.Length <= 64 && !text.Contains(' '));

    /// <summary>A "who am I" path: /me, /users/me, /profile, /whoami, /userinfo.</summary>
    public static bool IsSelfPath(string path) => !path.Contains('{') && s_selfPath.IsMatch(path);

    /// <summary>Operations of authentication itself (token refresh and verification, logout, password changes, one-time codes).</summary>
    public static bool IsAuthenticationPath(string path) => IsLoginPath(path) || IsRegistrationPath(path) ||
        Regex.IsMatch(path, @"/(refresh|verify|logout|log-out|signout|sign-out|password|passwords|password-reset|reset|otp|mfa|2fa|revoke|introspect)/?$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, s_timeout);

    /// <summary>Sign-up operations: creating accounts is not what an identity's mass-assignment test should do.</summary>
    public static bool IsRegistrationPath(string path) =>
        Regex.IsMatch(path, @"/(register|registration|signup|sign-up|users/create)/?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, s_timeout);

    /// <summary>Login operations: where user enumeration and lockout are judged.</summary>
    public static bool IsLoginPath(string path) =>
        Regex.IsMatch(path, @"/(login|log-in|signin|sign-in|authenticate|auth/token|token|session|sessions|jwt/create)/?$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, s_timeout);
}
