using System.Diagnostics;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

namespace PaperMail.Tests.Support;

/// <summary>
/// A real IMAP server on 127.0.0.1: Debian's Dovecot (<c>dovecot-imapd</c>, installed by .ci/run), run by the test in
/// the foreground with a throw-away configuration, one user and its Maildir in a temp folder. Runs as root (as CI
/// does); mail is stored as nobody.
/// </summary>
public sealed class DovecotServer : IAsyncDisposable
{
    public const string Binary = "/usr/sbin/dovecot";
    public const string User = "bounces";
    public const string Password = "imap-test-password-0123";

    private readonly TempFolder _folder = new();
    private readonly Process _process;

    private DovecotServer(int port)
    {
        Port = port;
        var root = _folder.Path;
        var mail = Path.Combine(root, "mail");
        Directory.CreateDirectory(mail);
        // Dovecot stores the mail as nobody; Linux only, as Dovecot is.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(mail, (UnixFileMode)0b111_111_111);
        File.WriteAllText(Path.Combine(root, "users"), $"{User}:{{PLAIN}}{Password}\n");
        File.WriteAllText(Path.Combine(root, "dovecot.conf"), $$"""
            base_dir = {{root}}/run
            state_dir = {{root}}/state
            instance_name = papermail-test-{{port}}
            log_path = {{root}}/dovecot.log
            protocols = imap
            listen = 127.0.0.1
            ssl = no
            disable_plaintext_auth = no
            auth_mechanisms = plain login
            first_valid_uid = 1
            mail_location = maildir:{{mail}}/%u
            passdb {
              driver = passwd-file
              args = scheme=PLAIN username_format=%u {{root}}/users
            }
            userdb {
              driver = static
              args = uid=65534 gid=65534 home={{mail}}/%u
            }
            service imap-login {
              chroot =
              inet_listener imap {
                address = 127.0.0.1
                port = {{port}}
              }
              inet_listener imaps {
                port = 0
              }
            }
            service anvil {
              chroot =
            }
            """);
        if (!File.Exists(Binary)) throw new InvalidOperationException($"{Binary} is missing: apt-get install -y dovecot-imapd (.ci/run does).");
        _process = Process.Start(new ProcessStartInfo(Binary, ["-F", "-c", Path.Combine(root, "dovecot.conf")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("dovecot did not start");
    }

    public int Port { get; }

    public static async Task<DovecotServer> StartAsync()
    {
        var server = new DovecotServer(LocalPorts.Free());
        await LocalPorts.WaitUntilListeningAsync(server.Port, "Dovecot IMAP");
        return server;
    }

    /// <summary>Settings that point the <c>bounces</c> job at this mailbox.</summary>
    public PaperMailApp Configure(PaperMailApp app) => app
        .With("PaperMail:Bounces:Host", "127.0.0.1")
        .With("PaperMail:Bounces:Port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .With("PaperMail:Bounces:Security", "None")
        .With("PaperMail:Bounces:Username", User)
        .With("PaperMail:Bounces:Password", Password);

    /// <summary>Puts a message into a folder, as the mail server would on delivery.</summary>
    public async Task AppendAsync(MimeMessage message, string folder = "INBOX")
    {
        using var client = await ConnectAsync();
        var target = await client.GetFolderAsync(folder);
        await target.AppendAsync(message);
        await client.DisconnectAsync(true);
    }

    /// <summary>Messages in a folder (not counting ones flagged deleted); 0 when the folder does not exist.</summary>
    public async Task<int> CountAsync(string folder = "INBOX")
    {
        using var client = await ConnectAsync();
        IMailFolder target;
        try
        {
            target = await client.GetFolderAsync(folder);
        }
        catch (FolderNotFoundException)
        {
            return 0;
        }
        await target.OpenAsync(FolderAccess.ReadOnly);
        var count = (await target.SearchAsync(MailKit.Search.SearchQuery.NotDeleted)).Count;
        await client.DisconnectAsync(true);
        return count;
    }

    private async Task<ImapClient> ConnectAsync()
    {
        var client = new ImapClient { Timeout = 30_000 };
        await client.ConnectAsync("127.0.0.1", Port, SecureSocketOptions.None);
        await client.AuthenticateAsync(User, Password);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
        _folder.Dispose();
    }
}
