namespace QualityDiversity.Optimizers;

/// <summary>How <see cref="CmaEvolutionStrategy"/> forms its rank-one covariance term.</summary>
public enum CmaCovarianceUpdate
{
    /// <summary>
    /// Hansen's update (Hansen 2016, "The CMA Evolution Strategy: A Tutorial", eqs. 24 and 47):
    /// the path p_c accumulates σ-normalised mean steps and enters C with weight c_1.
    /// </summary>
    Standard,

    /// <summary>
    /// The update of pyribs 0.8: p_c accumulates raw (not σ-normalised) mean steps and its
    /// outer product enters C with weight c_1², which all but switches the rank-one term off;
    /// h_σ tests ‖p_σ‖²/n against 2 + 4/(n + 1) and σ follows ‖p_σ‖²/n (Hansen's alternative
    /// rule) rather than ‖p_σ‖ / E‖N(0, I)‖. Only useful to reproduce pyribs' published
    /// figures: on the 100-D LP sphere it gives CMA-MAE a normalised QD score of about 63
    /// instead of about 69.
    /// </summary>
    Pyribs,
}
