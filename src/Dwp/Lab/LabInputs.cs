using DwpFarm.Dwp.Images;

namespace DwpFarm.Dwp.Lab;

/// <summary>The data of a lab run: letters for the source nets, MNIST for the targets, with their fingerprints.</summary>
public sealed record LabInputs(ImageSet LettersTrain, ImageSet LettersTest, ImageSet MnistTrain, ImageSet MnistTest);
