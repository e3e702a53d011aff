using System.Management.Automation;

namespace ApiThreat.Infrastructure;

/// <summary>An object's Operations property as ApiOperation objects: live ones as they are, property bags (deserialized or hand-made) by their Method, Path, Security, AllowsAnonymous.</summary>
internal static class OperationInput
{
    public static ApiOperation[] From(object? value)
    {
        var list = new List<ApiOperation>();
        foreach (var o in LanguagePrimitives.GetEnumerable(value is PSObject p ? p.BaseObject : value) ?? Array.Empty<object>())
        {
            if (o is null) continue;
            if ((o is PSObject po ? po.BaseObject : o) is ApiOperation live) { list.Add(live); continue; }
            var bag = PSObject.AsPSObject(o);
            var method = bag.Properties["Method"]?.Value?.ToString();
            var path = bag.Properties["Path"]?.Value?.ToString();
            if (string.IsNullOrEmpty(method) || string.IsNullOrEmpty(path)) continue;
            var security = LanguagePrimitives.GetEnumerable(bag.Properties["Security"]?.Value is PSObject sp ? sp.BaseObject : bag.Properties["Security"]?.Value);
            list.Add(new ApiOperation
            {
                Method = method, Path = path, OperationId = bag.Properties["OperationId"]?.Value?.ToString(), Summary = bag.Properties["Summary"]?.Value?.ToString(),
                Security = security?.Cast<object?>().Select(x => x?.ToString() ?? "").Where(x => x.Length > 0).ToArray() ?? Array.Empty<string>(),
                AllowsAnonymous = bag.Properties["AllowsAnonymous"]?.Value is not bool allows || allows,
            });
        }
        return list.ToArray();
    }
}
