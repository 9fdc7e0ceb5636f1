using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace QualityDiversity.Cluster.Tests.Support;

/// <summary>A <c>qd</c> process of its own (a worker or a coordinator), with its output kept for messages.</summary>
internal sealed class QdChild : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private QdChild(Process process) => _process = process;

    public static QdChild Start(params string[] args)
    {
        var child = new QdChild(Process.Start(QualityDiversity.Testing.ChildProcess.Qd(args))!);
        child._process.OutputDataReceived += (_, e) => child.Append(e.Data);
        child._process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Waits until <paramref name="ready"/> holds; fails the test when the process ends first or <paramref name="hang"/> passes.</summary>
    public void WaitUntil(Func<bool> ready, TimeSpan hang, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!ready())
        {
            Assert.False(_process.HasExited, $"qd ended (code {(_process.HasExited ? _process.ExitCode : 0)}) before {what}. Output:\n{Output}");
            Assert.True(clock.Elapsed < hang, $"qd did not reach {what} within {hang.TotalSeconds:0} s; it is taken to hang. Output:\n{Output}");
            Thread.Sleep(5);
        }
    }

    /// <summary>Waits for the process to end by itself and returns its exit code; kills it and fails after <paramref name="hang"/>.</summary>
    public int WaitForExit(TimeSpan hang)
    {
        if (!_process.WaitForExit(hang))
        {
            Kill();
            Assert.Fail($"qd did not end within {hang.TotalSeconds:0} s and was killed. Output:\n{Output}");
        }
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Ends the process at once (SIGKILL), as a crash would.</summary>
    public void Kill()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    /// <summary>Ports free on loopback right now (each bound once and released).</summary>
    public static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var l in listeners) l.Start();
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var l in listeners) l.Stop();
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }
}
