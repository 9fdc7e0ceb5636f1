namespace QualityDiversity.Testing;

/// <summary>The request line and headers of one HTTP/1.x request.</summary>
internal sealed record HttpRequestHead(string Method, string Target, string Version, IReadOnlyDictionary<string, string> Headers)
{
    public string Path
    {
        get
        {
            int query = Target.IndexOf('?', StringComparison.Ordinal);
            string path = query >= 0 ? Target[..query] : Target;
            // An absolute-form target (http://host/path) is reduced to its path.
            if (Uri.TryCreate(path, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https") path = absolute.AbsolutePath;
            return path;
        }
    }

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public bool Chunked => Header("Transfer-Encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true;

    public bool ExpectsContinue => Header("Expect")?.Equals("100-continue", StringComparison.OrdinalIgnoreCase) == true;

    public bool KeepAlive
    {
        get
        {
            string? connection = Header("Connection");
            if (connection?.Contains("close", StringComparison.OrdinalIgnoreCase) == true) return false;
            if (Version == "HTTP/1.0") return connection?.Contains("keep-alive", StringComparison.OrdinalIgnoreCase) == true;
            return true;
        }
    }

    /// <exception cref="InvalidDataException">The head is not a valid HTTP/1.x request head.</exception>
    public static HttpRequestHead Parse(string text)
    {
        var lines = text.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || requestLine[0].Length == 0 || requestLine[1].Length == 0 || !requestLine[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
            throw new InvalidDataException($"Not an HTTP/1.x request line: '{lines[0]}'.");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            if (line.Length == 0) continue;
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) throw new InvalidDataException($"Not an HTTP header line: '{line}'.");
            string name = line[..colon].Trim();
            string value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var earlier) ? earlier + ", " + value : value;
        }
        return new HttpRequestHead(requestLine[0], requestLine[1], requestLine[2], headers);
    }
}
