using System.Reflection;
using System.Reflection.Emit;

namespace SearchService.Testing;

/// <summary>
/// Which feature namespaces of an assembly use which, read from the compiled code: base types, interfaces, member
/// signatures and every type, method and field token in method bodies (so a fully qualified name or a lambda counts
/// as much as a <c>using</c>). A feature is the first namespace segment below the root; the root namespace itself
/// (composition and options) is not a feature.
/// </summary>
public sealed class NamespaceDependencies
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    private readonly string _root;
    private readonly Dictionary<(string From, string To), string> _evidence = [];

    private NamespaceDependencies(string root) => _root = root;

    /// <summary>Every feature → feature dependency, with one type-to-type reference that causes it.</summary>
    public IReadOnlyDictionary<(string From, string To), string> Edges => _evidence;

    public static NamespaceDependencies Of(Assembly assembly, string root)
    {
        var dependencies = new NamespaceDependencies(root);
        foreach (var type in LoadableTypes(assembly))
        {
            if (dependencies.FeatureOf(type) is { } feature)
            {
                foreach (var used in dependencies.TypesUsedBy(type))
                {
                    dependencies.Add(feature, type, used);
                }
            }
        }

        return dependencies;
    }

    /// <summary>One line per dependency that lies on a cycle (its target leads back to its source), with the references.</summary>
    public IReadOnlyList<string> Cycles() =>
        _evidence.OrderBy(e => e.Key)
            .Select(e => PathFrom(e.Key.To, e.Key.From) is { } back ? $"{e.Key.From} -> {e.Key.To} ({e.Value}), and back: {string.Join(" -> ", back)}" : null)
            .OfType<string>()
            .ToList();

    private List<string>? PathFrom(string start, string goal)
    {
        var previous = new Dictionary<string, string> { [start] = start };
        var queue = new Queue<string>([start]);
        while (queue.Count > 0)
        {
            var at = queue.Dequeue();
            if (at == goal)
            {
                var path = new List<string> { at };
                while (path[^1] != start)
                {
                    path.Add(previous[path[^1]]);
                }

                path.Reverse();
                return path.Select((f, i) => i == 0 ? f : $"{f} [{_evidence[(path[i - 1], f)]}]").ToList();
            }

            foreach (var next in _evidence.Keys.Where(k => k.From == at).Select(k => k.To).Where(n => !previous.ContainsKey(n)))
            {
                previous[next] = at;
                queue.Enqueue(next);
            }
        }

        return null;
    }

    private void Add(string feature, Type user, Type used)
    {
        if (FeatureOf(used) is { } target && target != feature)
        {
            _evidence.TryAdd((feature, target), $"{user.FullName} uses {used.FullName}");
        }
    }

    private string? FeatureOf(Type type)
    {
        var name = type.Namespace;
        if (name is null || !name.StartsWith(_root + ".", StringComparison.Ordinal))
        {
            return null;
        }

        return name[(_root.Length + 1)..].Split('.')[0];
    }

    private IEnumerable<Type> TypesUsedBy(Type type)
    {
        var used = new List<Type?> { type.BaseType };
        used.AddRange(type.GetInterfaces());
        used.AddRange(type.GetFields(Declared).Select(f => f.FieldType));
        used.AddRange(type.GetProperties(Declared).Select(p => p.PropertyType));
        var methods = type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)).ToList();
        foreach (var method in methods)
        {
            used.AddRange(method.GetParameters().Select(p => p.ParameterType));
            if (method is MethodInfo info)
            {
                used.Add(info.ReturnType);
            }

            used.AddRange(TypesInBody(type, method));
        }

        return used.Where(t => t is not null).SelectMany(t => Flatten(t!));
    }

    private static IEnumerable<Type> TypesInBody(Type type, MethodBase method)
    {
        var il = SafeBody(method);
        if (il is null)
        {
            return [];
        }

        var found = new List<Type>();
        var typeArguments = type.IsGenericType ? type.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var at = 0; at < il.Length;)
        {
            short value = il[at++];
            if (value == 0xFE)
            {
                value = unchecked((short)(0xFE00 | il[at++]));
            }

            if (!OpCodesByValue.TryGetValue(value, out var opCode))
            {
                break; // not IL we can read; the signatures above still count
            }

            if (opCode.OperandType is OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineType or OperandType.InlineTok)
            {
                found.AddRange(Resolve(method.Module, BitConverter.ToInt32(il, at), typeArguments, methodArguments));
            }

            at += OperandSize(opCode.OperandType, il, at);
        }

        return found;
    }

    private static byte[]? SafeBody(MethodBase method)
    {
        try
        {
            return method.GetMethodBody()?.GetILAsByteArray();
        }
        catch (Exception ex) when (ex is BadImageFormatException or InvalidOperationException or NotSupportedException)
        {
            return null;
        }
    }

    private static IEnumerable<Type> Resolve(Module module, int token, Type[]? typeArguments, Type[]? methodArguments)
    {
        MemberInfo? member;
        try
        {
            member = module.ResolveMember(token, typeArguments, methodArguments);
        }
        catch (Exception ex) when (ex is ArgumentException or TypeLoadException or MissingMemberException or BadImageFormatException or FileNotFoundException)
        {
            yield break;
        }

        switch (member)
        {
            case Type type:
                yield return type;
                break;
            case FieldInfo field:
                yield return field.DeclaringType!;
                yield return field.FieldType;
                break;
            case MethodBase called:
                if (called.DeclaringType is { } owner)
                {
                    yield return owner;
                }

                if (called is MethodInfo { IsGenericMethod: true } generic)
                {
                    foreach (var argument in generic.GetGenericArguments())
                    {
                        yield return argument;
                    }
                }

                break;
        }
    }

    private static int OperandSize(OperandType operand, byte[] il, int at) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
        _ => 4,
    };

    private static IEnumerable<Type> Flatten(Type type)
    {
        if (type.HasElementType)
        {
            return Flatten(type.GetElementType()!);
        }

        if (type.IsGenericParameter)
        {
            return [];
        }

        return type.IsGenericType && !type.IsGenericTypeDefinition
            ? new[] { type.GetGenericTypeDefinition() }.Concat(type.GetGenericArguments().SelectMany(Flatten))
            : [type];
    }

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            return ex.Types.Where(t => t is not null)!;
        }
    }
}
