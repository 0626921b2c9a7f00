namespace PaperMail.Store.Postgres;

/// <summary>
/// Keys of the transaction-level advisory locks that serialise a read-then-write across nodes where SQLite's single
/// writer did it for free (PostgreSQL lets writers run side by side).
/// </summary>
internal static class PostgresLocks
{
    /// <summary>Planning digests: a plan's new rows are told apart by id, so two plans must not interleave.</summary>
    public const long DigestPlan = 0x5041_5045_524D_0101;

    // 0x5041_5045_524D_0102 is taken: PaperStore's change_seq lock (PaperMail.Store.Shared).
}
