using Hangfire;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using PaperMail.Core.Bounces;

namespace PaperMail.Web.Bounces;

/// <summary>What one run of the <c>bounces</c> job did.</summary>
public sealed record BounceMailboxRun(int Read, int Suppressed, int Counted, int Duplicates, int Ignored, int Unknown);

/// <summary>
/// The recurring <c>bounces</c> job: reads the bounce mailbox over IMAP (<c>PaperMail:Bounces</c>), applies every
/// bounce and complaint it finds (<see cref="BounceParser"/>, <see cref="BounceIntake"/>), then deletes or moves the
/// message. Idempotent: a report is recorded under a key made of its own Message-Id (or the mailbox's UID) and the
/// recipient, so a message read again after a crash between recording and deleting counts once.
/// </summary>
public sealed partial class BounceMailboxJob(BounceIntake intake, IOptions<BounceOptions> options, ILogger<BounceMailboxJob> logger)
{
    public const string Name = "bounces";

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public async Task<BounceMailboxRun> RunAsync(CancellationToken ct)
    {
        var o = options.Value;
        if (string.IsNullOrWhiteSpace(o.Host)) return new BounceMailboxRun(0, 0, 0, 0, 0, 0);
        using var client = new ImapClient { Timeout = 60_000 };
        await client.ConnectAsync(o.Host, o.Port, ToMailKit(o.Security), ct);
        await client.AuthenticateAsync(o.Username ?? "", o.Password ?? "", ct);
        var folder = await client.GetFolderAsync(o.Folder, ct);
        await folder.OpenAsync(FolderAccess.ReadWrite, ct);
        IMailFolder? processed = o.Processed == ProcessedMail.Move ? await MoveTargetAsync(client, o.MoveTo, ct) : null;

        var uids = (await folder.SearchAsync(SearchQuery.NotDeleted, ct)).Take(o.MaxMessagesPerRun).ToList();
        var counts = new Dictionary<IntakeOutcome, int>();
        foreach (var uid in uids)
        {
            using var message = await folder.GetMessageAsync(uid, ct);
            var report = BounceParser.Parse(message);
            var verpId = string.IsNullOrWhiteSpace(o.Address) ? null : report.AddressedTo.Select(a => VerpAddress.FindId(o.Address, a)).FirstOrDefault(id => id is not null);
            var reportKey = message.MessageId ?? $"{folder.UidValidity}:{uid.Id}";
            // Every message PaperMail sends has one recipient: with a VERP id, the report is about that one, and the
            // id decides who it is (the first failure the report names, whatever address it gives).
            var recipients = verpId is null ? report.Recipients : report.Recipients.OrderBy(r => r.Verdict == BounceVerdict.Ignore).Take(1).ToList();
            for (var i = 0; i < recipients.Count; i++)
            {
                var recipient = recipients[i];
                var outcome = await intake.ApplyAsync(verpId, report.OriginalMessageId, recipient,
                    "mailbox", $"mailbox:{reportKey}:{recipient.Address?.ToLowerInvariant() ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture)}", o.SoftBounces, ct);
                counts[outcome] = counts.GetValueOrDefault(outcome) + 1;
            }

            // Recorded first, removed second: a crash in between reads it again next run, and it counts once.
            if (processed is not null) await folder.MoveToAsync(uid, processed, ct);
            else await folder.AddFlagsAsync(uid, MessageFlags.Deleted, silent: true, ct);
        }

        if (processed is null && uids.Count > 0) await folder.ExpungeAsync(ct);
        await client.DisconnectAsync(quit: true, ct);
        var run = new BounceMailboxRun(uids.Count, counts.GetValueOrDefault(IntakeOutcome.Suppressed), counts.GetValueOrDefault(IntakeOutcome.Counted),
            counts.GetValueOrDefault(IntakeOutcome.Duplicate), counts.GetValueOrDefault(IntakeOutcome.Ignored),
            counts.GetValueOrDefault(IntakeOutcome.UnknownSubscriber));
        LogRun(run.Read, run.Suppressed, run.Counted, run.Duplicates, run.Ignored, run.Unknown);
        return run;
    }

    private static async Task<IMailFolder> MoveTargetAsync(ImapClient client, string name, CancellationToken ct)
    {
        try
        {
            return await client.GetFolderAsync(name, ct);
        }
        catch (FolderNotFoundException)
        {
            var root = client.GetFolder(client.PersonalNamespaces[0]);
            return await root.CreateAsync(name, isMessageFolder: true, ct)
                ?? throw new InvalidOperationException($"{BounceOptions.Section}:MoveTo: the folder '{name}' could not be created.");
        }
    }

    private static SecureSocketOptions ToMailKit(MailboxSecurity security) => security switch
    {
        MailboxSecurity.None => SecureSocketOptions.None,
        MailboxSecurity.StartTls => SecureSocketOptions.StartTls,
        MailboxSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        // Never log in in clear unless None was chosen: Auto requires TLS one way or the other.
        _ => SecureSocketOptions.StartTls,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Bounce mailbox: {Read} read, {Suppressed} suppressed, {Counted} counted, {Duplicates} seen before, {Ignored} ignored, {Unknown} about no known subscriber")]
    private partial void LogRun(int read, int suppressed, int counted, int duplicates, int ignored, int unknown);
}
