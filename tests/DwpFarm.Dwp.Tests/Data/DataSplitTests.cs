using DwpFarm.Data;
using DwpFarm.Dwp.Images;

namespace DwpFarm.Dwp.Tests.Data;

public class DataSplitTests
{
    private static readonly ImageSet Unbalanced = TestImages.Numbered(MnistSource.ClassNames, 100, 50, 30, 7, 13, 200, 0, 41, 59, 500);

    [Fact]
    public void Split_has_the_requested_sizes_and_is_proportional_per_class()
    {
        var (train, test) = DataSplit.Stratified(Unbalanced, 200, seed: 3);

        Assert.Equal(200, test.Count);
        Assert.Equal(Unbalanced.Count - 200, train.Count);
        var all = Unbalanced.ClassCounts();
        var inTest = test.ClassCounts();
        for (var c = 0; c < all.Length; c++)
        {
            var exact = (double)all[c] * 200 / Unbalanced.Count;
            Assert.InRange(inTest[c], Math.Floor(exact), Math.Ceiling(exact));
            Assert.Equal(all[c], inTest[c] + train.ClassCounts()[c]);
        }
    }

    [Fact]
    public void Split_is_disjoint_and_covers_every_image_with_its_label()
    {
        var (train, test) = DataSplit.Stratified(Unbalanced, 321, seed: 0);

        var seen = new Dictionary<int, byte>();
        foreach (var part in new[] { train, test })
        {
            for (var i = 0; i < part.Count; i++)
            {
                Assert.True(seen.TryAdd(TestImages.NumberOf(part.Image(i)), part.Labels[i]), "an image landed in both halves");
            }
        }

        Assert.Equal(Unbalanced.Count, seen.Count);
        Assert.All(seen, pair => Assert.Equal(Unbalanced.Labels[pair.Key], pair.Value));
    }

    [Fact]
    public void Same_seed_gives_the_same_split_and_another_seed_a_different_one()
    {
        var first = DataSplit.Stratified(Unbalanced, 250, seed: 7);
        var again = DataSplit.Stratified(Unbalanced, 250, seed: 7);
        var other = DataSplit.Stratified(Unbalanced, 250, seed: 8);

        Assert.Equal(first.Test.Sha256(), again.Test.Sha256());
        Assert.Equal(first.Train.Sha256(), again.Train.Sha256());
        Assert.NotEqual(first.Test.Sha256(), other.Test.Sha256());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1000)]
    public void Edge_sizes_put_everything_on_one_side(int testCount)
    {
        var (train, test) = DataSplit.Stratified(Unbalanced, testCount, seed: 1);

        Assert.Equal(testCount, test.Count);
        Assert.Equal(Unbalanced.Count - testCount, train.Count);
    }

    [Fact]
    public void A_test_count_larger_than_the_set_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DataSplit.Stratified(Unbalanced, Unbalanced.Count + 1, seed: 0));

    [Fact]
    public void Quotas_go_to_the_largest_remainders_and_ties_to_the_lower_class()
    {
        Assert.Equal([1, 1, 1], DataSplit.Quotas([5, 3, 2], 3));
        Assert.Equal([3, 2, 0], DataSplit.Quotas([6, 3, 1], 5));
    }
}
