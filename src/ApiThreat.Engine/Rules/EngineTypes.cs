using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace ApiThreat.Engine.Rules;

/// <summary>
/// The engine's [RuleSet] classes and check classes, for <see cref="RuleCatalog"/> and <see cref="Checks{TEvidence}"/>,
/// found by reading the assembly's metadata once. Assembly.GetTypes() loads every one of the engine's ~1,500 types
/// (closures and state machines included) and the catalogue then read each one's attributes: tens of milliseconds of
/// CPU in every new process before the first finding. Only the types named here are loaded. When the metadata cannot
/// be read (no file behind the assembly), every type is, as before.
/// </summary>
internal static class EngineTypes
{
    // Plain arrays, loops and a reference-type Lazy: generic instantiations over metadata handles or tuples are not
    // precompiled in any image and would be JIT-compiled in each process, eating what the scan saves.
    private static readonly Lazy<Found> s_index = new(Read);

    private sealed record Found(Type[] RuleSets, Type[] Checks);

    /// <summary>Classes marked [RuleSet].</summary>
    public static IReadOnlyList<Type> RuleSets => s_index.Value.RuleSets;

    /// <summary>
    /// Concrete classes that implement ICheck&lt;&gt; or IAsyncCheck&lt;&gt;, themselves or through an engine base class or
    /// interface. A superset is harmless (Checks filters by the exact interface); a missing check is not, and the tests
    /// compare this list with a full reflection scan.
    /// </summary>
    public static IReadOnlyList<Type> Checks => s_index.Value.Checks;

    private static unsafe Found Read()
    {
        var assembly = typeof(EngineTypes).Assembly;
        // The metadata the runtime already mapped (no file read); the engine's load context is never unloaded.
        if (assembly.TryGetRawMetadata(out var blob, out var length))
            return Scan(assembly, new MetadataReader(blob, length));
        var all = assembly.GetTypes();
        return new Found(all.Where(t => t.IsDefined(typeof(RuleSetAttribute), inherit: false)).ToArray(), all);
    }

    private static Found Scan(Assembly assembly, MetadataReader md)
    {
        var known = new sbyte[md.TypeDefinitions.Count + 1]; // by row: 0 not yet known, 1 implements a check, -1 not
        var ruleSets = new List<Type>();
        var checks = new List<Type>();
        foreach (var handle in md.TypeDefinitions)
        {
            var type = md.GetTypeDefinition(handle);
            var name = md.GetString(type.Name);
            if (name.StartsWith('<')) continue; // <Module>, closures, state machines
            foreach (var attribute in type.GetCustomAttributes())
            {
                if (!IsRuleSetAttribute(md, md.GetCustomAttribute(attribute).Constructor)) continue;
                ruleSets.Add(Load(assembly, md, handle));
                break;
            }
            var concrete = (type.Attributes & (TypeAttributes.Abstract | TypeAttributes.Interface)) == 0 && !name.Contains('`');
            if (concrete && ImplementsCheck(md, handle, known)) checks.Add(Load(assembly, md, handle));
        }
        return new Found(ruleSets.ToArray(), checks.ToArray());
    }

    private static bool IsRuleSetAttribute(MetadataReader md, EntityHandle constructor)
    {
        var owner = constructor.Kind switch
        {
            HandleKind.MethodDefinition => (EntityHandle)md.GetMethodDefinition((MethodDefinitionHandle)constructor).GetDeclaringType(),
            HandleKind.MemberReference => md.GetMemberReference((MemberReferenceHandle)constructor).Parent,
            _ => default,
        };
        return NameOf(md, owner) == nameof(RuleSetAttribute);
    }

    /// <summary>True when the type, its engine base classes or its engine interfaces implement a check interface.</summary>
    private static bool ImplementsCheck(MetadataReader md, TypeDefinitionHandle handle, sbyte[] known)
    {
        var row = MetadataTokens.GetRowNumber(handle);
        if (known[row] != 0) return known[row] > 0;
        known[row] = -1; // also the cycle guard
        var type = md.GetTypeDefinition(handle);
        var answer = !type.BaseType.IsNil && Implements(md, type.BaseType, known);
        foreach (var implementation in type.GetInterfaceImplementations())
            answer = answer || Implements(md, md.GetInterfaceImplementation(implementation).Interface, known);
        known[row] = answer ? (sbyte)1 : (sbyte)-1;
        return answer;
    }

    private static bool Implements(MetadataReader md, EntityHandle type, sbyte[] known)
    {
        var definition = GenericDefinitionOf(md, type);
        if (NameOf(md, definition) is "ICheck`1" or "IAsyncCheck`1") return true;
        return definition.Kind == HandleKind.TypeDefinition && ImplementsCheck(md, (TypeDefinitionHandle)definition, known);
    }

    /// <summary>The generic definition of an instantiation (ICheck&lt;X&gt; is ICheck`1), else the type itself.</summary>
    private static EntityHandle GenericDefinitionOf(MetadataReader md, EntityHandle type)
    {
        if (type.Kind != HandleKind.TypeSpecification) return type;
        var blob = md.GetBlobReader(md.GetTypeSpecification((TypeSpecificationHandle)type).Signature);
        if (blob.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance) return default;
        blob.ReadSignatureTypeCode(); // class or value type
        return blob.ReadTypeHandle();
    }

    private static string? NameOf(MetadataReader md, EntityHandle type) => type.Kind switch
    {
        HandleKind.TypeDefinition => md.GetString(md.GetTypeDefinition((TypeDefinitionHandle)type).Name),
        HandleKind.TypeReference => md.GetString(md.GetTypeReference((TypeReferenceHandle)type).Name),
        _ => null,
    };

    private static Type Load(Assembly assembly, MetadataReader md, TypeDefinitionHandle handle) =>
        assembly.GetType(FullNameOf(md, handle), throwOnError: true)!;

    /// <summary>The reflection name: Namespace.Outer+Inner.</summary>
    private static string FullNameOf(MetadataReader md, TypeDefinitionHandle handle)
    {
        var type = md.GetTypeDefinition(handle);
        var name = md.GetString(type.Name);
        var declaring = type.GetDeclaringType();
        if (!declaring.IsNil) return FullNameOf(md, declaring) + "+" + name;
        var ns = md.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }
}
