// Two namespaces that use each other, for EngineNamespaceTests: Left only through a fully qualified call in a
// method body (no using, no signature), Right through a typeof in its field initializer.
namespace SearchService.UnitTests.Architecture.CycleSample.Left
{
    internal static class Caller
    {
        public static int Call() => SearchService.UnitTests.Architecture.CycleSample.Right.Callee.Value();
    }
}

namespace SearchService.UnitTests.Architecture.CycleSample.Right
{
    internal sealed class Callee
    {
        private readonly Type _caller = typeof(Left.Caller);

        public Type Caller => _caller;

        public static int Value() => 1;
    }
}
