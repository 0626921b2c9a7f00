using System.Threading.Channels;

namespace PaperMail.Core.Digests;

/// <summary>
/// Writes items in groups, one write at a time: an item that arrives while a write is under way goes out with every
/// other that arrived meanwhile, in the next write. Each caller's task completes (or fails) with the write that held
/// its item, so a caller still knows its item is stored before it goes on. Under load the groups grow by themselves;
/// alone, an item is written at once. (SQLite has one writer; with a transaction per delivery, recording cost about as
/// much as sending.)
/// </summary>
public sealed class GroupCommit<T> : IAsyncDisposable
{
    /// <summary>Items in one write at most, to bound a transaction.</summary>
    public const int MaxGroup = 200;

    private readonly Channel<(T Item, TaskCompletionSource Written)> _queue =
        Channel.CreateUnbounded<(T, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<IReadOnlyList<T>, Task> _write;
    private readonly Task _writer;

    public GroupCommit(Func<IReadOnlyList<T>, Task> write)
    {
        _write = write;
        _writer = Task.Run(WriteGroupsAsync);
    }

    public Task WriteAsync(T item)
    {
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((item, written))) throw new ObjectDisposedException(nameof(GroupCommit<T>));
        return written.Task;
    }

    private async Task WriteGroupsAsync()
    {
        var group = new List<(T Item, TaskCompletionSource Written)>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (group.Count < MaxGroup && _queue.Reader.TryRead(out var entry)) group.Add(entry);
            try
            {
                await _write([.. group.Select(g => g.Item)]);
                foreach (var entry in group) entry.Written.SetResult();
            }
            catch (Exception exception)
            {
                foreach (var entry in group) entry.Written.SetException(exception);
            }
            group.Clear();
        }
    }

    /// <summary>Writes what is queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }
}
