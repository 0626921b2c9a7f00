namespace PaperMail.Tests.Support;

/// <summary>
/// Tests that host the whole app run one at a time: each app starts Hangfire workers and Kestrel, and the machine has
/// two cores.
/// </summary>
[CollectionDefinition(nameof(AppCollection))]
public sealed class AppCollection;
