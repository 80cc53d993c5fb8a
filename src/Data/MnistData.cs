using DwpFarm.Dwp.Images;
namespace DwpFarm.Data;

/// <summary>MNIST digits, classes "0".."9".</summary>
/// <param name="Train">The training digits.</param>
/// <param name="Test">The held-out digits.</param>
/// <param name="Origin">Where the digits came from: the IDX folder, or the npm package, its integrity and the split seed.</param>
/// <param name="Sha256">SHA-256 over train then test (see <see cref="ImageSet.CombinedSha256"/>).</param>
public sealed record MnistData(ImageSet Train, ImageSet Test, string Origin, string Sha256);
