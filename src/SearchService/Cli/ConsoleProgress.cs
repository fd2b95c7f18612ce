namespace SearchService.Cli;

/// <summary>A one-line progress bar on standard error; silent when standard error is redirected (logs stay clean).</summary>
internal sealed class ConsoleProgress(string label, int total) : IProgress<int>, IDisposable
{
    private const int Width = 30;
    private readonly bool _enabled = !Console.IsErrorRedirected && total > 0;
    private bool _drawn;

    public void Report(int value)
    {
        if (!_enabled)
        {
            return;
        }

        var fraction = Math.Clamp(value / (double)total, 0, 1);
        var filled = (int)(fraction * Width);
        Console.Error.Write($"\r{label,-10} [{new string('#', filled)}{new string('.', Width - filled)}] {value}/{total}");
        _drawn = true;
    }

    public void Dispose()
    {
        if (_drawn)
        {
            Console.Error.Write("\r" + new string(' ', Width + label.Length + 40) + "\r");
        }
    }
}
