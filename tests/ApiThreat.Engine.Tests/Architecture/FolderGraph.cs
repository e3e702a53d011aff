using System.Reflection;
using System.Reflection.Emit;

namespace ApiThreat.Engine.Tests.Architecture;

/// <summary>
/// Which engine folders use which, read from the compiled assembly: every type's signatures (base type, interfaces,
/// fields, properties, parameters, attributes) and every method body's type, method and field tokens. A folder is the
/// first namespace segment under ApiThreat.Engine (Net/Tls belongs to Net). Reading IL, not using directives, means a
/// fully qualified name or a global using cannot hide an edge.
/// </summary>
public sealed class FolderGraph
{
    private const string Root = "ApiThreat.Engine.";
    private static readonly OpCode[] s_oneByte = new OpCode[256];
    private static readonly OpCode[] s_twoByte = new OpCode[256];

    static FolderGraph()
    {
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var code = (OpCode)field.GetValue(null)!;
            var value = (ushort)code.Value;
            if (value < 0x100) s_oneByte[value] = code;
            else if ((value & 0xff00) == 0xfe00) s_twoByte[value & 0xff] = code;
        }
    }

    public Dictionary<string, SortedSet<string>> Edges { get; } = new(StringComparer.Ordinal);

    /// <summary>Where each edge was seen (first sighting), for a readable failure.</summary>
    public Dictionary<(string From, string To), string> Witness { get; } = new();

    public void Add(string from, string to, string witness = "")
    {
        if (!Edges.TryGetValue(from, out var set)) Edges[from] = set = new SortedSet<string>(StringComparer.Ordinal);
        if (!Edges.ContainsKey(to)) Edges[to] = new SortedSet<string>(StringComparer.Ordinal);
        if (from == to) return;
        if (set.Add(to)) Witness[(from, to)] = witness;
    }

    public static string? FolderOf(Type? type)
    {
        while (type is { IsNested: true }) type = type.DeclaringType;
        var ns = type?.Namespace;
        if (ns is null || !ns.StartsWith(Root, StringComparison.Ordinal)) return null;
        var rest = ns[Root.Length..];
        var dot = rest.IndexOf('.');
        return dot < 0 ? rest : rest[..dot];
    }

    public static FolderGraph FromAssembly(Assembly assembly)
    {
        var graph = new FolderGraph();
        foreach (var type in assembly.GetTypes())
        {
            var from = FolderOf(type);
            if (from is null) continue;
            graph.Add(from, from);
            foreach (var used in ReferencedTypes(type))
                if (FolderOf(used) is { } to && used.Assembly == assembly) graph.Add(from, to, $"{type.FullName} uses {used.FullName}");
        }
        return graph;
    }

    /// <summary>The strongly connected groups of more than one folder: each is a cycle.</summary>
    public List<List<string>> Cycles()
    {
        var index = 0;
        var indices = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var groups = new List<List<string>>();
        void Visit(string v)
        {
            indices[v] = low[v] = index++;
            stack.Push(v); onStack.Add(v);
            foreach (var w in Edges[v])
            {
                if (!indices.ContainsKey(w)) { Visit(w); low[v] = Math.Min(low[v], low[w]); }
                else if (onStack.Contains(w)) low[v] = Math.Min(low[v], indices[w]);
            }
            if (low[v] != indices[v]) return;
            var group = new List<string>();
            string x;
            do { x = stack.Pop(); onStack.Remove(x); group.Add(x); } while (x != v);
            if (group.Count > 1) { group.Sort(StringComparer.Ordinal); groups.Add(group); }
        }
        foreach (var v in Edges.Keys.ToList()) if (!indices.ContainsKey(v)) Visit(v);
        return groups;
    }

    /// <summary>Folders reachable from <paramref name="from"/> (itself excluded).</summary>
    public HashSet<string> Reachable(string from)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var todo = new Stack<string>(Edges.GetValueOrDefault(from) ?? new SortedSet<string>());
        while (todo.Count > 0)
        {
            var f = todo.Pop();
            if (f == from || !seen.Add(f)) continue;
            foreach (var n in Edges[f]) todo.Push(n);
        }
        return seen;
    }

    private static IEnumerable<Type> ReferencedTypes(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var found = new List<Type>();
        void Add(Type? t)
        {
            if (t is null) return;
            if (t.HasElementType) { Add(t.GetElementType()); return; }
            if (t.IsGenericType && !t.IsGenericTypeDefinition) foreach (var a in t.GetGenericArguments()) Add(a);
            if (!t.IsGenericParameter) found.Add(t.IsGenericType ? t.GetGenericTypeDefinition() : t);
        }
        Add(type.BaseType);
        foreach (var i in type.GetInterfaces()) Add(i);
        foreach (var a in type.GetCustomAttributesData()) Add(a.AttributeType);
        foreach (var f in type.GetFields(all)) Add(f.FieldType);
        foreach (var p in type.GetProperties(all)) Add(p.PropertyType);
        foreach (var m in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            if (m is MethodInfo mi) Add(mi.ReturnType);
            foreach (var p in m.GetParameters()) Add(p.ParameterType);
            foreach (var a in m.GetCustomAttributesData()) Add(a.AttributeType);
            foreach (var t in BodyTypes(m)) Add(t);
        }
        return found;
    }

    private static IEnumerable<Type> BodyTypes(MethodBase method)
    {
        var body = method.GetMethodBody();
        var il = body?.GetILAsByteArray();
        if (il is null) yield break;
        foreach (var local in body!.LocalVariables) yield return local.LocalType;
        var typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var pos = 0;
        while (pos < il.Length)
        {
            OpCode code;
            var b = il[pos++];
            if (b == 0xfe) code = s_twoByte[il[pos++]];
            else code = s_oneByte[b];
            var operand = code.OperandType;
            if (operand is OperandType.InlineType or OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineTok)
            {
                var token = BitConverter.ToInt32(il, pos);
                MemberInfo? member = null;
                try { member = method.Module.ResolveMember(token, typeArgs, methodArgs); } catch (ArgumentException) { }
                switch (member)
                {
                    case Type t: yield return t; break;
                    case MethodBase m:
                        if (m.DeclaringType is { } mt) yield return mt;
                        if (m.IsGenericMethod) foreach (var a in m.GetGenericArguments()) yield return a;
                        break;
                    case FieldInfo f:
                        if (f.DeclaringType is { } ft) yield return ft;
                        yield return f.FieldType;
                        break;
                }
            }
            pos += operand switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, pos),
                _ => 4,
            };
        }
    }
}
