using System.Text;
using PaperMail.Web.Mail;

namespace PaperMail.Tests.Email;

public class TidyTextWriterTests
{
    [Fact]
    public void TrailingWhitespaceAndBlankRunsGoAndLinesEndInCrlf()
    {
        Assert.Equal("Subject\r\n\r\n* Title\r\n  https://x\r\n\r\n--\r\nend\r\n",
            Tidy("  \n  Subject  \n\n\n* Title \r\n  https://x\t\n   \n\n--\nend\n\n  "));
    }

    [Fact]
    public void EmptyTextIsOneLineEnd()
    {
        Assert.Equal("\r\n", Tidy(""));
        Assert.Equal("\r\n", Tidy(" \n\n \t"));
    }

    [Fact]
    public void TextWrittenInAnyPiecesComesOutAsIfWrittenWhole()
    {
        var random = new Random(20261129);
        const string alphabet = "ab  \t\n\n\r\n.";
        for (var trial = 0; trial < 500; trial++)
        {
            var text = new string(Enumerable.Range(0, random.Next(0, 200)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            var output = new StringWriter();
            var writer = new TidyTextWriter(output);
            for (var offset = 0; offset < text.Length;)
            {
                var length = Math.Min(random.Next(1, 12), text.Length - offset);
                if (length == 1) writer.Write(text[offset]);
                else writer.Write(text.AsSpan(offset, length));
                offset += length;
            }

            writer.Complete();
            Assert.Equal(Reference(text), output.ToString());
        }
    }

    private static string Tidy(string text)
    {
        var output = new StringWriter();
        var writer = new TidyTextWriter(output);
        writer.Write(text);
        writer.Complete();
        return output.ToString();
    }

    /// <summary>The rule, line by line: trim line ends, drop blank lines at either end, collapse blank runs.</summary>
    private static string Reference(string text)
    {
        var lines = text.Split('\n').Select(line => line.TrimEnd()).ToList();
        var result = new StringBuilder();
        var blank = false;
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                blank = result.Length > 0;
                continue;
            }

            if (result.Length > 0) result.Append(blank ? "\r\n\r\n" : "\r\n");
            result.Append(result.Length == 0 ? line.TrimStart() : line);
            blank = false;
        }

        return result.Append("\r\n").ToString();
    }
}
