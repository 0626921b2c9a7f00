using PaperMail.Core.Digests;

namespace PaperMail.Tests.Digests;

public sealed class GroupCommitTests
{
    [Fact]
    public async Task ItemsArrivingDuringAWriteGoOutTogetherInTheNextWriteAndEachCallerLearnsWhenItsItemIsWritten()
    {
        var writes = new List<int[]>();
        var firstWriteHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirstWrite = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var commit = new GroupCommit<int>(async group =>
        {
            lock (writes) writes.Add([.. group]);
            if (writes.Count == 1)
            {
                firstWriteHeld.SetResult();
                await releaseFirstWrite.Task;
            }
        });

        var first = commit.WriteAsync(1);
        await firstWriteHeld.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var waiting = Enumerable.Range(2, 4).Select(commit.WriteAsync).ToArray();

        Assert.False(first.IsCompleted);
        Assert.DoesNotContain(waiting, w => w.IsCompleted);
        releaseFirstWrite.SetResult();
        await Task.WhenAll(waiting.Append(first)).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([[1], [2, 3, 4, 5]], writes);
    }

    [Fact]
    public async Task AFailedWriteFailsEveryCallerWhoseItemItHeldAndTheNextWritesGoOn()
    {
        var calls = 0;
        await using var commit = new GroupCommit<string>(group =>
            Interlocked.Increment(ref calls) == 1 ? throw new InvalidOperationException("disk full") : Task.CompletedTask);

        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => commit.WriteAsync("a").WaitAsync(TimeSpan.FromSeconds(10)));
        await commit.WriteAsync("b").WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("disk full", failed.Message);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task DisposingWritesWhatIsQueuedThenRefusesMore()
    {
        var written = new List<int>();
        var commit = new GroupCommit<int>(group =>
        {
            lock (written) written.AddRange(group);
            return Task.CompletedTask;
        });
        var pending = Enumerable.Range(1, 300).Select(commit.WriteAsync).ToArray();

        await commit.DisposeAsync();

        Assert.All(pending, p => Assert.True(p.IsCompletedSuccessfully));
        Assert.Equal(Enumerable.Range(1, 300), written);
        Assert.Throws<ObjectDisposedException>(() => { _ = commit.WriteAsync(301); });
    }
}
