using PaperMail.Core.Delivery;
using PaperMail.Web.Mail;

namespace PaperMail.Tests.Delivery;

/// <summary>What a failure means for the message, for failures the fault-injecting servers cannot easily provoke.</summary>
public sealed class SmtpFailureClassifierTests
{
    [Fact]
    public void ASocketClosedUnderTheSendIsAConnectionLossNotARejection()
    {
        // ObjectDisposedException is an InvalidOperationException, which otherwise means "no server will take this".
        var result = SmtpFailureClassifier.Classify(new ObjectDisposedException("System.Net.Sockets.Socket"));

        Assert.Equal(DeliveryOutcome.TransientFailure, result.Outcome);
        Assert.StartsWith("connection lost", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ATimeoutWrappedByTlsIsStillReportedAsATimeout()
    {
        var wrapped = new IOException("Unable to read data from the transport connection.", new TimeoutException("No answer within 1000 ms"));

        var result = SmtpFailureClassifier.Classify(wrapped);

        Assert.Equal(DeliveryOutcome.TransientFailure, result.Outcome);
        Assert.StartsWith("timed out", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void AMessageWithoutRecipientsIsStillRejected()
    {
        var result = SmtpFailureClassifier.Classify(new InvalidOperationException("No recipients have been specified."));

        Assert.Equal(DeliveryOutcome.MessageRejected, result.Outcome);
    }
}
