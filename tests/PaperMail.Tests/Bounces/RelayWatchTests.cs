using PaperMail.Core.Delivery;

namespace PaperMail.Tests.Bounces;

public sealed class RelayWatchTests
{
    private static DeliveryResult Rejected(string to, int code, string text) => new(DeliveryOutcome.RecipientRejected, code, text, to);

    [Fact]
    public void TheSameRelayRefusalForThreeDifferentRecipientsInARowStopsTheRun()
    {
        var watch = new RelayWatch(rejectionThreshold: 3, outageThreshold: 3);

        var first = watch.Judge(Rejected("a@x.org", 554, "5.7.1 <a@x.org>: Relay access denied"));
        var second = watch.Judge(Rejected("b@y.org", 554, "5.7.1 <b@y.org>: Relay access denied"));
        var third = watch.Judge(Rejected("c@z.org", 554, "5.7.1 <c@z.org>: Relay access denied"));

        Assert.Equal([DeliveryOutcome.RecipientRejected, DeliveryOutcome.RecipientRejected, DeliveryOutcome.FatalConfiguration],
            [first.Outcome, second.Outcome, third.Outcome]);
        Assert.Equal(DeliveryProblemKinds.RelayRejects, third.Problem);
        Assert.Contains("Relay access denied", third.Detail);
    }

    [Fact]
    public void ADeliveryInBetweenBreaksTheStreak()
    {
        var watch = new RelayWatch(3, 3);
        watch.Judge(Rejected("a@x.org", 554, "5.7.1 Relay access denied"));
        watch.Judge(Rejected("b@x.org", 554, "5.7.1 Relay access denied"));
        watch.Judge(DeliveryResult.Delivered("250 ok"));

        Assert.Equal(DeliveryOutcome.RecipientRejected, watch.Judge(Rejected("c@x.org", 554, "5.7.1 Relay access denied")).Outcome);
    }

    [Fact]
    public void TheSameRecipientTwiceCountsOnce()
    {
        var watch = new RelayWatch(3, 3);
        watch.Judge(Rejected("a@x.org", 554, "5.7.1 Relay access denied"));
        watch.Judge(Rejected("A@x.org", 554, "5.7.1 Relay access denied"));

        Assert.Equal(DeliveryOutcome.RecipientRejected, watch.Judge(Rejected("b@x.org", 554, "5.7.1 Relay access denied")).Outcome);
    }

    [Fact]
    public void UnknownMailboxesInARowAreTheRecipientsOwnNotTheRelays()
    {
        var watch = new RelayWatch(3, 3);
        var outcomes = new[] { "a", "b", "c", "d" }.Select(n => watch.Judge(Rejected($"{n}@x.org", 550, "5.1.1 User unknown")).Outcome);

        Assert.All(outcomes, o => Assert.Equal(DeliveryOutcome.RecipientRejected, o));
    }

    [Fact]
    public void ThreeUnansweredAttemptsInARowMeanTheRelayIsDown()
    {
        var watch = new RelayWatch(3, 3);
        var refused = DeliveryResult.Transient(null, "connection lost: Connection refused");

        watch.Judge(refused);
        var afterAnswer = watch.Judge(DeliveryResult.Transient(451, "4.3.0 try later"));
        watch.Judge(refused);
        watch.Judge(refused);
        var third = watch.Judge(refused);

        Assert.Equal(DeliveryOutcome.TransientFailure, afterAnswer.Outcome);
        Assert.Equal((DeliveryOutcome.FatalConfiguration, DeliveryProblemKinds.RelayDown), (third.Outcome, third.Problem));
    }
}
