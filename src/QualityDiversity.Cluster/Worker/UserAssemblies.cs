using System.Reflection;
using System.Runtime.CompilerServices;

namespace QualityDiversity.Cluster.Worker;

/// <summary>
/// Loads assemblies that bring tasks of their own. Such an assembly registers its tasks with
/// <c>BenchmarkTasks.Register</c> in a module initializer (<see cref="ModuleInitializerAttribute"/>),
/// which runs here as the assembly is loaded, before the worker takes any chunk.
/// </summary>
public static class UserAssemblies
{
    /// <summary>Loads the assembly at <paramref name="path"/> and runs its module initializer.</summary>
    /// <param name="path">The assembly file.</param>
    /// <param name="field">How to name the setting in messages, e.g. <c>--assembly</c>.</param>
    /// <exception cref="ArgumentException">The file is missing or is not a .NET assembly; the message names <paramref name="field"/>.</exception>
    public static Assembly Load(string path, string field = "assembly")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new ArgumentException($"{field}: '{full}' does not exist.", field);
        Assembly assembly;
        try
        {
            assembly = Assembly.LoadFrom(full);
        }
        catch (BadImageFormatException e)
        {
            throw new ArgumentException($"{field}: '{full}' is not a .NET assembly ({e.Message}).", field, e);
        }
        RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);
        return assembly;
    }
}
