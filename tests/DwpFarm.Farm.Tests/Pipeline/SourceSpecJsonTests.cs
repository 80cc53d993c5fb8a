using System.Text.Json;
using DwpFarm.Grains.Interfaces.Specs;

namespace DwpFarm.Farm.Tests.Pipeline;

/// <summary>The lab's source cache keys runs by the source spec's JSON: a field added later must not move old keys.</summary>
public sealed class SourceSpecJsonTests
{
    [Fact]
    public void A_spec_without_inverted_letters_serialises_as_before_so_kept_source_nets_keep_their_keys()
    {
        Assert.DoesNotContain("Inverted", JsonSerializer.Serialize(new SourceSpec()), StringComparison.Ordinal);
        Assert.Contains("\"Inverted\":0.5", JsonSerializer.Serialize(new SourceSpec { Inverted = 0.5 }), StringComparison.Ordinal);
    }
}
