namespace PaperMail.Core.Matching.Language;

internal enum QueryTokenKind
{
    Word,
    Phrase,
    Field,
    Minus,
    Or,
    OpenParen,
    CloseParen,
}
