using System.Runtime.CompilerServices;
using System.Text.Json;

namespace PaperMail.Core.Ingestion.Parsing;

/// <summary>
/// Reads a top-level JSON array one element at a time, yielding each element as soon as it is complete. When the
/// document breaks, the elements before the break have already been yielded and a fault item ends the sequence.
/// </summary>
/// <remarks>
/// Not <c>JsonSerializer.DeserializeAsyncEnumerable</c>: it hands out elements per buffer read, so a fault drops the
/// good elements that shared a buffer with it. Here the array brackets and commas are read by hand and each element
/// is parsed with a fresh <see cref="Utf8JsonReader"/>.
/// </remarks>
internal static class JsonArrayStream
{
    /// <summary>An element bigger than this is not a paper; stop rather than buffer without bound.</summary>
    public const int MaxElementBytes = 64 * 1024 * 1024;

    private const int InitialBufferBytes = 64 * 1024;

    private static ReadOnlySpan<byte> Utf8ByteOrderMark => [0xEF, 0xBB, 0xBF];

    private enum Expect { ArrayStart, FirstElementOrEnd, Element, CommaOrEnd, Done }

    private enum Outcome { Element, Advanced, NeedMoreData, Done, Fault }

    public static async IAsyncEnumerable<JsonArrayItem> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken ct)
    {
        var buffer = new byte[InitialBufferBytes];
        int start = 0, end = 0;
        long bufferOffset = 0; // document offset of buffer[0], for fault messages
        var endOfStream = false;
        var expect = Expect.ArrayStart;
        var index = 0;

        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var outcome = Step(buffer.AsSpan(start, end - start), endOfStream, ref expect, out var consumed, out var element, out var fault);
            if (outcome == Outcome.Fault)
            {
                yield return new JsonArrayItem(index + 1, default, $"{fault} (near byte {bufferOffset + start + consumed:N0})");
                yield break;
            }

            start += consumed;
            switch (outcome)
            {
                case Outcome.Element:
                    index++;
                    yield return new JsonArrayItem(index, element, null);
                    continue;
                case Outcome.Done:
                    yield break;
                case Outcome.Advanced:
                    continue;
            }

            // Need more data: make room (move the unread tail to the front, grow if a single element fills the buffer).
            if (end - start == buffer.Length)
            {
                if (buffer.Length >= MaxElementBytes)
                {
                    yield return new JsonArrayItem(index + 1, default, $"an entry is larger than {MaxElementBytes / (1024 * 1024)} MB, reading stopped");
                    yield break;
                }

                Array.Resize(ref buffer, Math.Min(buffer.Length * 2, MaxElementBytes));
            }

            if (start > 0)
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                bufferOffset += start;
                end -= start;
                start = 0;
            }

            string? readFault = null;
            try
            {
                var read = await stream.ReadAsync(buffer.AsMemory(end), ct);
                endOfStream = read == 0;
                end += read;
            }
            catch (InvalidDataException exception)
            {
                readFault = DecompressedSizeLimit.IsTooLarge(exception)
                    ? $"{exception.Message}, reading stopped"
                    : $"corrupt compressed data, reading stopped: {exception.Message}";
            }

            if (readFault is not null)
            {
                yield return new JsonArrayItem(index + 1, default, readFault);
                yield break;
            }
        }
    }

    /// <summary>Takes one syntactic step over the buffered bytes without awaiting (Utf8JsonReader is a ref struct).</summary>
    private static Outcome Step(ReadOnlySpan<byte> data, bool isFinalBlock, ref Expect expect, out int consumed, out JsonElement element, out string? fault)
    {
        element = default;
        fault = null;
        consumed = 0;
        if (expect == Expect.ArrayStart && data.Length < Utf8ByteOrderMark.Length && !isFinalBlock)
        {
            return Outcome.NeedMoreData; // too few bytes to tell a byte order mark from content
        }

        consumed = SkipWhitespace(data, skipByteOrderMark: expect == Expect.ArrayStart);
        if (expect == Expect.Done)
        {
            return Outcome.Done;
        }

        if (consumed == data.Length)
        {
            if (!isFinalBlock)
            {
                return Outcome.NeedMoreData;
            }

            fault = expect == Expect.ArrayStart ? "document is empty" : "document ends before the array is closed";
            return Outcome.Fault;
        }

        var next = data[consumed];
        switch (expect)
        {
            case Expect.ArrayStart:
                if (next != (byte)'[')
                {
                    fault = "document is not a JSON array";
                    return Outcome.Fault;
                }

                consumed++;
                expect = Expect.FirstElementOrEnd;
                return Outcome.Advanced;

            case Expect.CommaOrEnd:
                if (next is (byte)',' or (byte)']')
                {
                    consumed++;
                    expect = next == (byte)',' ? Expect.Element : Expect.Done;
                    return expect == Expect.Done ? Outcome.Done : Outcome.Advanced;
                }

                fault = $"expected ',' or ']' after an entry but found '{(char)next}'";
                return Outcome.Fault;

            case Expect.FirstElementOrEnd when next == (byte)']':
                consumed++;
                expect = Expect.Done;
                return Outcome.Done;
        }

        var reader = new Utf8JsonReader(data[consumed..], isFinalBlock, state: default);
        try
        {
            if (!JsonDocument.TryParseValue(ref reader, out var document))
            {
                return Outcome.NeedMoreData;
            }

            using (document)
            {
                element = document.RootElement.Clone();
            }
        }
        catch (JsonException exception)
        {
            consumed += (int)reader.BytesConsumed;
            fault = $"malformed JSON, reading stopped (entries before this point were kept): {exception.Message}";
            return Outcome.Fault;
        }

        consumed += (int)reader.BytesConsumed;
        expect = Expect.CommaOrEnd;
        return Outcome.Element;
    }

    private static int SkipWhitespace(ReadOnlySpan<byte> data, bool skipByteOrderMark)
    {
        var position = skipByteOrderMark && data.StartsWith(Utf8ByteOrderMark) ? 3 : 0;
        while (position < data.Length && data[position] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            position++;
        }

        return position;
    }
}
