using System.Text.Json.Serialization;

namespace PaperMail.Store.Shared;

/// <summary>Source-generated JSON for the list columns (no reflection on the ingest hot path).</summary>
[JsonSerializable(typeof(string[]))]
[JsonSourceGenerationOptions(WriteIndented = false)]
internal sealed partial class StoreJson : JsonSerializerContext;
