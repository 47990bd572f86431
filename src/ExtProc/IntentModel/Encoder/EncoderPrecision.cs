namespace ExtProcRouter.IntentModel.Encoder;

/// <summary>Arithmetic of the converted encoder's matrix multiplications.</summary>
public enum EncoderPrecision
{
    /// <summary>As the original: float32 throughout (matches TF.js to ~1e-7).</summary>
    Float32,

    /// <summary>
    /// int8 weights (per output column) and dynamically quantized activations: faster on CPUs with VNNI/AMX, with
    /// small embedding differences (a routing head must be trained on the same variant it runs with). Activations are
    /// quantized with one scale per tensor, i.e. per batch, so the same sequence embedded alone or beside others
    /// differs slightly (measured cosine 0.9986); embed one sequence per run where that matters.
    /// </summary>
    Int8,
}
