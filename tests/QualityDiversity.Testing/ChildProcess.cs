using System.Diagnostics;
using System.Text;

namespace QualityDiversity.Testing;

/// <summary>Runs a dotnet command to completion within a time limit and keeps its combined output.</summary>
public static class ChildProcess
{
    // Set by `dotnet test` for its own build; a nested build must find its SDK and nodes by itself.
    private static readonly string[] InheritedBuildVariables = ["MSBUILD_EXE_PATH", "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBuildLoadMicrosoftTargetsReadOnly", "MSBUILDNOINPROCNODE"];

    /// <summary>The dotnet executable that runs these tests.</summary>
    public static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>
    /// How to start the built <c>qd</c> beside the running test assembly with <paramref name="arguments"/>:
    /// through <see cref="Dotnet"/>, standard output and error redirected for the caller to read.
    /// </summary>
    /// <exception cref="FileNotFoundException">qd.dll is not beside the test assembly.</exception>
    public static ProcessStartInfo Qd(params string[] arguments)
    {
        string qd = Path.Combine(AppContext.BaseDirectory, "qd.dll");
        if (!File.Exists(qd)) throw new FileNotFoundException($"{qd} is missing.", qd);
        var start = new ProcessStartInfo(Dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(qd);
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        return start;
    }

    /// <summary>Runs <paramref name="arguments"/> with <see cref="Dotnet"/> in <paramref name="directory"/> and requires exit code 0.</summary>
    /// <returns>The combined standard output and error.</returns>
    /// <exception cref="InvalidOperationException">The command exited with a non-zero code or ran past <paramref name="timeout"/> (it is then killed); the message holds its output.</exception>
    public static string RunDotnet(string directory, TimeSpan timeout, params string[] arguments)
    {
        var result = Run(directory, timeout, null, arguments);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"`{result.Command}` in {directory} exited with code {result.ExitCode}. Output:\n{result.Output}");
        return result.Output;
    }

    /// <summary>
    /// Runs <paramref name="arguments"/> with <see cref="Dotnet"/> in <paramref name="directory"/>, below
    /// normal priority, with <paramref name="environment"/> added to the inherited variables.
    /// </summary>
    /// <returns>The exit code and the combined standard output and error.</returns>
    /// <exception cref="InvalidOperationException">The command ran past <paramref name="timeout"/> (it is then killed); the message holds its output.</exception>
    public static ChildProcessResult Run(string directory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(Dotnet) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        foreach (string name in InheritedBuildVariables) start.Environment.Remove(name);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        // Packing, building and notebook kernels are heavy; below normal priority (inherited by their
        // children) they leave the CPU to test projects that `dotnet test` runs alongside.
        try { process.PriorityClass = ProcessPriorityClass.BelowNormal; }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or PlatformNotSupportedException) { }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        string command = "dotnet " + string.Join(' ', arguments);
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new InvalidOperationException($"`{command}` in {directory} did not finish within {timeout} and was stopped. Output:\n{Text(output)}");
        }
        process.WaitForExit(); // drains the asynchronous output readers
        return new ChildProcessResult(command, process.ExitCode, Text(output));
    }

    private static string Text(StringBuilder output)
    {
        lock (output) return output.ToString();
    }
}

/// <summary>How a child process ended.</summary>
/// <param name="Command">The command line, for messages.</param>
/// <param name="ExitCode">Its exit code.</param>
/// <param name="Output">Its combined standard output and error.</param>
public sealed record ChildProcessResult(string Command, int ExitCode, string Output);
