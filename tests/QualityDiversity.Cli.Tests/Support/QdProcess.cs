using System.Diagnostics;

namespace QualityDiversity.Cli.Tests.Support;

/// <summary>Runs the built <c>qd</c> as a process of its own, so that it can be killed.</summary>
public static class QdProcess
{
    /// <summary>Starts <c>qd</c> with <paramref name="args"/>; its output is read and dropped.</summary>
    public static Process Start(params string[] args)
    {
        var process = Process.Start(QualityDiversity.Testing.ChildProcess.Qd(args))!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>
    /// Waits until <paramref name="ready"/> holds, then kills the process with SIGKILL. Returns
    /// false when the process ended on its own first (its exit code is then asserted to be 0).
    /// </summary>
    /// <param name="hang">How long the process may go without either happening before the test fails as hung.</param>
    public static bool KillWhen(Process process, Func<bool> ready, TimeSpan hang)
    {
        if (!WaitUntil(process, ready, hang)) return false;
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
        return true;
    }

    /// <summary>
    /// Waits until <paramref name="ready"/> holds while the process runs. Returns false when the
    /// process ended first (its exit code is then asserted to be 0).
    /// </summary>
    /// <param name="hang">How long the process may go without either happening before the test fails as hung.</param>
    public static bool WaitUntil(Process process, Func<bool> ready, TimeSpan hang)
    {
        var clock = Stopwatch.StartNew();
        while (!ready())
        {
            if (process.HasExited)
            {
                process.WaitForExit();
                Assert.True(process.ExitCode == 0, $"qd exited with code {process.ExitCode} before the awaited moment.");
                return false;
            }
            Assert.True(clock.Elapsed < hang, $"qd neither reached the awaited moment nor ended within {hang.TotalSeconds:0} s; it is taken to hang.");
            Thread.Sleep(2);
        }
        return true;
    }

    /// <summary>Lines in the file at <paramref name="path"/> so far (0 when it does not exist yet), read while another process writes it.</summary>
    public static int Lines(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            int lines = 0, b;
            Span<byte> buffer = stackalloc byte[4096];
            while ((b = stream.Read(buffer)) > 0) lines += buffer[..b].Count((byte)'\n');
            return lines;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return 0;
        }
    }
}
