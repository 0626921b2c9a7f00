using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using PaperMail.Tests.Support;
using PaperMail.Web.Mail;

namespace PaperMail.Benchmarks;

/// <summary>
/// Whether <c>PaperMail:Smtp:MaxMessagesPerSecond</c> and <c>MaxMessagesPerHour</c> hold across the whole pool: N small
/// messages over 4 connections to Postfix's smtp-sink, first without a quota (the baseline, same run), then with a
/// per-second quota, then with an hourly quota smaller than N (how many get through before the hour is up).
/// </summary>
public static class QuotaBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
        var perSecond = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50;
        var (sbin, lib) = DeliveryBenchmark.PostfixBinaries();
        var sink = Path.Combine(sbin, "smtp-sink");
        if (!File.Exists(sink))
        {
            Console.Error.WriteLine($"smtp-sink not found in {sbin}; see the delivery benchmark.");
            return 2;
        }

        var port = LocalPorts.Free();
        using var sinkProcess = DeliveryBenchmark.StartSink(sink, lib, port);
        try
        {
            await LocalPorts.WaitUntilListeningAsync(port, "smtp-sink");
            var unlimited = await TimeAsync(port, count, o => { });
            var limited = await TimeAsync(port, count, o => o.MaxMessagesPerSecond = perSecond);
            var unlimitedRate = count / unlimited.TotalSeconds;
            var limitedRate = count / limited.TotalSeconds;
            Console.WriteLine($"{count} messages, 4 connections");
            Console.WriteLine($"  no quota:            {unlimited.TotalSeconds,6:F2} s = {unlimitedRate,8:F0} msg/s (baseline)");
            Console.WriteLine($"  MaxMessagesPerSecond={perSecond}: {limited.TotalSeconds,6:F2} s = {limitedRate,8:F1} msg/s = {limitedRate / perSecond:F3}x the quota, {limitedRate / unlimitedRate:F3}x the baseline");

            var hourly = Math.Max(1, count / 4);
            var delivered = await CountWithinAsync(port, count, hourly, TimeSpan.FromSeconds(Math.Max(2, 3 * unlimited.TotalSeconds)));
            Console.WriteLine($"  MaxMessagesPerHour={hourly}: {delivered} of {count} delivered before the hour is up ({delivered / (double)hourly:F3}x the quota)");
            return 0;
        }
        finally
        {
            sinkProcess.Kill();
        }
    }

    private static SmtpDeliveryPool Pool(int port, Action<SmtpOptions> configure)
    {
        var options = new SmtpOptions { Host = "127.0.0.1", Port = port, Security = SmtpSecurity.None, MaxConnections = 4, LocalDomain = "papermail.bench" };
        configure(options);
        return new SmtpDeliveryPool(Options.Create(options), NullLogger<SmtpDeliveryPool>.Instance);
    }

    private static MimeMessage Message(int i)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("PaperMail", "digest@papermail.bench"));
        message.To.Add(new MailboxAddress("", $"reader{i}@example.org"));
        message.Subject = "quota";
        message.Body = new TextPart("plain") { Text = "A short message." };
        return message;
    }

    private static async Task<TimeSpan> TimeAsync(int port, int count, Action<SmtpOptions> configure)
    {
        await using var pool = Pool(port, configure);
        // One message first, so that connecting is not timed.
        await pool.SendAsync(Message(-1));
        var watch = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, count).Select(i => pool.SendAsync(Message(i))));
        watch.Stop();
        if (results.Any(r => !r.IsDelivered)) throw new InvalidOperationException(results.First(r => !r.IsDelivered).ToString());
        return watch.Elapsed;
    }

    private static async Task<int> CountWithinAsync(int port, int count, int perHour, TimeSpan wait)
    {
        var pool = Pool(port, o => o.MaxMessagesPerHour = perHour);
        var sends = Enumerable.Range(0, count).Select(i => pool.SendAsync(Message(i))).ToList();
        await Task.Delay(wait);
        var delivered = sends.Count(s => s.IsCompletedSuccessfully && s.Result.IsDelivered);
        // The rest wait for the next hour: stop without them.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await pool.StopAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
        return delivered;
    }
}
