using System.Text;
using MimeKit;
using MimeKit.Encodings;
using PaperMail.Web.Mail;

namespace PaperMail.Tests.Email;

public class QuotedPrintableWriterTests
{
    [Theory]
    [InlineData("plain ascii")]
    [InlineData("a=b <a href=\"x\">")]
    [InlineData("Glavaš — 日本語 😀 résumé")]
    [InlineData("")]
    public void Text_decodes_back_to_itself_with_MimeKit(string text)
    {
        Assert.Equal(text, RoundTrip(Encode(text)));
    }

    [Fact]
    public void Every_line_ending_becomes_crlf()
    {
        Assert.Equal("a\r\nb\r\nc\r\n\r\nd", RoundTrip(Encode("a\nb\r\nc\r\rd")));
    }

    [Fact]
    public void Whitespace_before_a_line_break_or_at_the_end_is_encoded()
    {
        var encoded = Encode("tail space \nend tab\t\r\nlast ");
        Assert.Equal("tail space=20\r\nend tab=09\r\nlast=20", encoded);
    }

    [Fact]
    public void Encoded_lines_are_at_most_76_characters_of_printable_ascii()
    {
        var text = string.Concat(Enumerable.Repeat("word = wörd ", 50)) + new string('x', 300) + "\n" + new string(' ', 200) + "\n";
        var encoded = Encode(text);
        foreach (var line in encoded.Split("\r\n"))
        {
            Assert.InRange(line.Length, 0, 76);
            Assert.All(line, c => Assert.InRange(c, ' ', '~'));
            Assert.False(line.EndsWith(' ') || line.EndsWith('\t'), $"trailing whitespace: [{line}]");
        }

        Assert.Equal(text.Replace("\n", "\r\n"), RoundTrip(encoded));
    }

    [Fact]
    public void A_long_run_of_ascii_after_a_long_run_of_escapes_fits()
    {
        // Escapes take 9 bytes per char here; the ASCII after them must still find room.
        var text = new string('日', 3000) + new string('a', 20_000) + new string('é', 3000) + "=\n";
        Assert.Equal(text.Replace("\n", "\r\n"), RoundTrip(Encode(text)));
    }

    [Fact]
    public void Random_text_written_in_random_pieces_decodes_back_to_itself()
    {
        var random = new Random(20261129);
        const string alphabet = "abc XYZ=.\t\r\n<>\"&é—日😀";
        for (var trial = 0; trial < 300; trial++)
        {
            var builder = new StringBuilder();
            var elements = StringInfoElements(alphabet);
            for (var i = random.Next(0, 6000); i > 0; i--) builder.Append(elements[random.Next(elements.Count)]);
            var text = builder.ToString();

            using var writer = new QuotedPrintableWriter();
            for (var offset = 0; offset < text.Length;)
            {
                // Pieces may split a surrogate pair or a CRLF: the writer must join them again.
                var length = Math.Min(random.Next(1, 5000), text.Length - offset);
                if (random.Next(2) == 0) writer.Write(text.AsSpan(offset, length));
                else foreach (var c in text.AsSpan(offset, length)) writer.Write(c);
                offset += length;
            }

            var encoded = Taken(writer);
            Assert.All(encoded.Split("\r\n"), line => Assert.InRange(line.Length, 0, 76));
            var expected = text.Replace("\r\n", "\n").Replace('\r', '\n').Replace("\n", "\r\n");
            Assert.Equal(expected, RoundTrip(encoded));
        }
    }

    private static List<string> StringInfoElements(string alphabet)
    {
        var elements = new List<string>();
        var e = System.Globalization.StringInfo.GetTextElementEnumerator(alphabet);
        while (e.MoveNext()) elements.Add((string)e.Current);
        return elements;
    }

    private static string Encode(string text)
    {
        using var writer = new QuotedPrintableWriter();
        writer.Write(text);
        return Taken(writer);
    }

    private static string Taken(QuotedPrintableWriter writer)
    {
        using var stream = writer.ToStream();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return Encoding.ASCII.GetString(copy.ToArray());
    }

    private static string RoundTrip(string encoded)
    {
        var input = Encoding.ASCII.GetBytes(encoded);
        var decoder = new QuotedPrintableDecoder();
        var output = new byte[decoder.EstimateOutputLength(input.Length)];
        var length = decoder.Decode(input, 0, input.Length, output);
        return Encoding.UTF8.GetString(output, 0, length);
    }
}
