using Microsoft.Playwright;

namespace PaperMail.Tests.Support;

/// <summary>
/// Debian's chromium driven by Playwright (never Playwright's own browser download), with the flags it needs as root,
/// headless and without reaching the network.
/// </summary>
public static class DebianChromium
{
    private static readonly string[] Args =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = "/usr/bin/chromium", Args = Args, Headless = true });

    /// <summary>
    /// Collects the page's script errors and CSP violations. A refused request (a 400 preview) or a missing favicon is
    /// a "failed resource", not a fault, and is left out.
    /// </summary>
    public static List<string> CollectErrors(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal)) errors.Add(message.Text);
        };
        page.PageError += (_, error) => errors.Add(error);
        return errors;
    }
}
