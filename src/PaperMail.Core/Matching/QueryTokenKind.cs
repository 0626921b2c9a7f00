namespace PaperMail.Core.Matching;

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
