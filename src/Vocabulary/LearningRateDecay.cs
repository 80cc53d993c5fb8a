using DwpFarm.Vocabulary;

namespace DwpFarm.Dwp.Training;

/// <summary>When a source run's linearly decaying learning rate steps down.</summary>
[SpecName("decay")]
public enum LearningRateDecay
{
    /// <summary>After every optimiser step, reaching 0 at the end of the run.</summary>
    Step,

    /// <summary>
    /// At every epoch start, as the DWP authors' train-net.py does: epoch e (0-based) of E runs at lr·(1 − e/E), so the
    /// last epoch runs at lr/E.
    /// </summary>
    Epoch,
}
