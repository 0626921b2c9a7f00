using System.Text.Json;

namespace PaperMail.Tests.MultiNode;

/// <summary>Polling with a generous bound that only a hang reaches.</summary>
public static class NodeWaits
{
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, int seconds = 180)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return;
            await Task.Delay(100);
        }
        Assert.Fail($"Not within {seconds} s: {what}");
    }

    /// <summary>The status and body of <c>/readyz</c>.</summary>
    public static async Task<(int Status, string Body)> ReadyzAsync(NodeProcess node)
    {
        var response = await node.Client.GetAsync("/readyz");
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The state of the check <paramref name="name"/> on <c>/readyz</c> ("Healthy", "Unhealthy", or null when absent).</summary>
    public static async Task<string?> CheckAsync(NodeProcess node, string name)
    {
        var (_, body) = await ReadyzAsync(node);
        var checks = JsonDocument.Parse(body).RootElement.GetProperty("checks");
        return checks.TryGetProperty(name, out var check) ? check.GetProperty("status").GetString() : null;
    }

    /// <summary>Waits until Hangfire job <paramref name="jobId"/> has finished on <paramref name="node"/>; returns its final state.</summary>
    public static async Task<string> JobFinishedAsync(NodeProcess node, string jobId, int seconds = 120)
    {
        string state = "";
        await UntilAsync(async () =>
        {
            var body = JsonDocument.Parse(await node.Client.GetStringAsync($"/api/admin/jobs/{jobId}")).RootElement;
            state = body.GetProperty("state").GetString() ?? "";
            return state is "Succeeded" or "Failed" or "Deleted";
        }, $"job {jobId} on {node.Name} to finish", seconds);
        return state;
    }

    public static string JobId(string accepted) => JsonDocument.Parse(accepted).RootElement.GetProperty("jobId").GetString()!;
}
