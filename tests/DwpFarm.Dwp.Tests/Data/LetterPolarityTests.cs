using DwpFarm.Data;

namespace DwpFarm.Dwp.Tests.Data;

public sealed class LetterPolarityTests
{
    private static readonly string[] Classes = ["A", "B"];

    [Fact]
    public void A_share_of_the_letters_is_drawn_dark_on_light_the_same_for_the_same_seed()
    {
        var letters = TestImages.Numbered(Classes, 500, 500);

        var half = LetterPolarity.Invert(letters, 0.5, seed: 3);

        var inverted = Enumerable.Range(0, letters.Count).Where(i => half.Image(i)[5] != letters.Image(i)[5]).ToList();
        Assert.InRange(inverted.Count, 430, 570);
        Assert.All(inverted, i => Assert.Equal(letters.Image(i).ToArray().Select(p => (byte)(255 - p)), half.Image(i).ToArray()));
        Assert.Equal(letters.Labels, half.Labels);
        Assert.Equal(half.Sha256(), LetterPolarity.Invert(letters, 0.5, seed: 3).Sha256());
        Assert.NotEqual(half.Sha256(), LetterPolarity.Invert(letters, 0.5, seed: 4).Sha256());
        Assert.Same(letters, LetterPolarity.Invert(letters, 0, seed: 3));
        Assert.Equal(letters.Count, Enumerable.Range(0, letters.Count).Count(i => LetterPolarity.Invert(letters, 1, 3).Image(i)[5] == 255 - letters.Image(i)[5]));
    }

    [Fact]
    public void A_share_outside_zero_to_one_is_refused()
    {
        var letters = TestImages.Numbered(Classes, 2, 2);

        Assert.Throws<ArgumentOutOfRangeException>(() => LetterPolarity.Invert(letters, 1.5, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => LetterPolarity.Invert(letters, -0.1, 0));
    }
}
