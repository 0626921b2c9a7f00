using System.Numerics.Tensors;
using Microsoft.Extensions.Options;
using PaperMail.Core.Semantic;
using PaperMail.Semantic;

namespace PaperMail.Tests.Semantic;

/// <summary>The real model, loaded once for this class (about a second and a few hundred MB).</summary>
public sealed class MiniLmFixture : IDisposable
{
    public MiniLmEmbedder Model { get; } = new(Options.Create(new SemanticOptions { Enabled = true }));

    public void Dispose() => Model.Dispose();
}

public sealed class MiniLmEmbedderTests(MiniLmFixture fixture) : IClassFixture<MiniLmFixture>
{
    [Fact]
    public void EveryTextGetsAUnitVectorOf384Dimensions()
    {
        var vectors = fixture.Model.Embed(["short", EmbeddingText.For("A title", string.Join(' ', Enumerable.Repeat("long abstract text", 400)))], CancellationToken.None);

        Assert.All(vectors, v => Assert.Equal(384, v.Length));
        Assert.All(vectors, v => Assert.InRange(TensorPrimitives.Norm(v), 0.999f, 1.001f));
    }

    [Fact]
    public void ADescriptionIsCloserToAPaperOnItsTopicInOtherWordsThanToAnotherTopic()
    {
        // Written for this test: the on-topic abstract shares almost no words with the description.
        var vectors = fixture.Model.Embed([
            "machine translation for low-resource African languages",
            "Neural translation of Swahili, Yoruba and Hausa: we train a multilingual sequence-to-sequence system on a small parallel corpus.",
            "Latent diffusion for high-resolution image synthesis with a denoising network conditioned on text prompts.",
        ], CancellationToken.None);

        var onTopic = TensorPrimitives.Dot(vectors[0], vectors[1]);
        var offTopic = TensorPrimitives.Dot(vectors[0], vectors[2]);

        Assert.True(onTopic > offTopic + 0.2f, $"on topic {onTopic:F3}, off topic {offTopic:F3}");
        Assert.True(onTopic >= SimilarAlert.DefaultThreshold, $"on topic {onTopic:F3} is below the default threshold");
    }
}
