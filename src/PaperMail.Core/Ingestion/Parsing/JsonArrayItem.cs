using System.Text.Json;

namespace PaperMail.Core.Ingestion.Parsing;

/// <summary>One step of <see cref="JsonArrayStream"/>: an element, or the fault that ended reading.</summary>
/// <param name="Index">1-based position of the element in the array (for a fault: the element being read).</param>
internal readonly record struct JsonArrayItem(int Index, JsonElement Element, string? Fault);
