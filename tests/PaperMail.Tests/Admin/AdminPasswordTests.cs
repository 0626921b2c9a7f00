using Microsoft.Extensions.Time.Testing;
using PaperMail.Core.Admin;
using PaperMail.Web.Admin;

namespace PaperMail.Tests.Admin;

public class AdminPasswordTests
{
    [Fact]
    public void AHashVerifiesOnlyItsOwnPasswordAndIsSaltedEachTime()
    {
        var first = AdminPasswordHash.Create("s3cret", iterations: 10_000);
        var second = AdminPasswordHash.Create("s3cret", iterations: 10_000);

        Assert.StartsWith("pbkdf2-sha256$10000$", first);
        Assert.NotEqual(first, second);
        Assert.True(AdminPasswordHash.Verify(first, "s3cret"));
        Assert.False(AdminPasswordHash.Verify(first, "s3cret "));
        Assert.False(AdminPasswordHash.Verify(first, first));
        Assert.Null(AdminPasswordHash.Problem(first));
    }

    [Fact]
    public void AHashFromAnotherPbkdf2ToolInTheDocumentedFormatVerifies()
    {
        // python3: hashlib.pbkdf2_hmac('sha256', b'papermail', bytes(range(16)), 10000) in Base64.
        const string Configured = "pbkdf2-sha256$10000$AAECAwQFBgcICQoLDA0ODw==$+O8vxRGTX14KA2PtWt8dFwukh6VMh/GDZFqrxnDCiEs=";

        Assert.True(AdminPasswordHash.Verify(Configured, "papermail"));
        Assert.False(AdminPasswordHash.Verify(Configured, "Papermail"));
    }

    [Theory]
    [InlineData("pbkdf2-sha256$")]
    [InlineData("pbkdf2-sha256$100$AAECAwQFBgcICQoLDA0ODw==$0Oe9CkGRlNk1Dwz7KlqoQf2H4nV42Nzj7Mfqut0S07Q=")]
    [InlineData("pbkdf2-sha256$10000$%%%$0Oe9CkGRlNk1Dwz7KlqoQf2H4nV42Nzj7Mfqut0S07Q=")]
    [InlineData("pbkdf2-sha256$10000$AAECAwQFBgcICQoLDA0ODw==")]
    public void MalformedHashesAreReportedAndNeverVerify(string configured)
    {
        Assert.NotNull(AdminPasswordHash.Problem(configured));
        Assert.False(AdminPasswordHash.Verify(configured, ""));
    }

    [Fact]
    public void APlainPasswordIsComparedExactly()
    {
        Assert.True(AdminPasswordHash.Verify("plain", "plain"));
        Assert.False(AdminPasswordHash.Verify("plain", "Plain"));
        Assert.False(AdminPasswordHash.Verify("plain", "plain2"));
    }

    [Fact]
    public void TheHashPasswordCommandPrintsAHashOfTheGivenPassword()
    {
        var output = new StringWriter();

        Assert.Equal(0, HashPasswordCommand.Run("from stdin", output, TextWriter.Null));
        Assert.True(AdminPasswordHash.Verify(output.ToString().Trim(), "from stdin"));
        Assert.Equal(1, HashPasswordCommand.Run("", TextWriter.Null, TextWriter.Null));
    }

    [Fact]
    public void InDevelopmentWithoutAPasswordARandomOneIsGeneratedAndWorks()
    {
        var one = new AdminCredentials("admin", null, mayGenerate: true);
        var two = new AdminCredentials("admin", null, mayGenerate: true);

        Assert.NotNull(one.GeneratedPassword);
        Assert.True(one.GeneratedPassword!.Length >= 20);
        Assert.NotEqual(one.GeneratedPassword, two.GeneratedPassword);
        Assert.True(one.Verify("admin", one.GeneratedPassword));
        Assert.False(one.Verify("admin", two.GeneratedPassword!));
        Assert.Throws<InvalidOperationException>(() => new AdminCredentials("admin", "", mayGenerate: false));
    }

    [Fact]
    public void LockoutNeedsFiveFailuresWithinFifteenMinutesAndLastsFifteenMinutes()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var lockout = new LoginLockout(clock);

        for (var i = 0; i < 4; i++) Assert.Null(lockout.RecordFailure("admin"));
        clock.Advance(LoginLockout.Window); // the first four fall out of the window
        Assert.Null(lockout.RecordFailure("admin"));
        Assert.Null(lockout.LockedUntil("admin"));

        for (var i = 0; i < 3; i++) lockout.RecordFailure("admin");
        var until = lockout.RecordFailure("admin");
        Assert.Equal(clock.GetUtcNow() + LoginLockout.LockDuration, until);
        Assert.Equal(until, lockout.LockedUntil("admin"));
        Assert.Null(lockout.LockedUntil("someone-else"));

        clock.Advance(LoginLockout.LockDuration);
        Assert.Null(lockout.LockedUntil("admin"));
    }

    [Fact]
    public void ASuccessfulLoginClearsEarlierFailures()
    {
        var lockout = new LoginLockout(new FakeTimeProvider(DateTimeOffset.UtcNow));
        for (var i = 0; i < 4; i++) lockout.RecordFailure("admin");

        lockout.RecordSuccess("admin");

        for (var i = 0; i < 4; i++) Assert.Null(lockout.RecordFailure("admin"));
    }
}
