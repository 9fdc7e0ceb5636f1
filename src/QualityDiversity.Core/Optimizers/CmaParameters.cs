namespace QualityDiversity.Optimizers;

/// <summary>
/// The recombination weights and learning rates of CMA-ES for μ parents in dimension n, with
/// Hansen's default settings (Hansen 2016, "The CMA Evolution Strategy: A Tutorial", Table 1,
/// positive weights only). They are recomputed on every update because QD emitters with the
/// "filter" selection rule pass a different μ each time.
/// </summary>
internal readonly struct CmaParameters
{
    /// <summary>Variance-effective selection mass μ_eff = 1 / Σ w_i².</summary>
    public double Mueff { get; }

    /// <summary>Step-size cumulation rate c_σ = (μ_eff + 2) / (n + μ_eff + 5).</summary>
    public double Cs { get; }

    /// <summary>Step-size damping d_σ = 1 + 2·max(0, √((μ_eff − 1)/(n + 1)) − 1) + c_σ.</summary>
    public double Damps { get; }

    /// <summary>Covariance-path cumulation rate c_c = (4 + μ_eff/n) / (n + 4 + 2μ_eff/n).</summary>
    public double Cc { get; }

    /// <summary>Rank-one learning rate c_1 = 2 / ((n + 1.3)² + μ_eff).</summary>
    public double C1 { get; }

    /// <summary>Rank-μ learning rate c_μ = min(1 − c_1, 2(μ_eff − 2 + 1/μ_eff) / ((n + 2)² + μ_eff)).</summary>
    public double Cmu { get; }

    private CmaParameters(double mueff, double cs, double damps, double cc, double c1, double cmu)
    {
        Mueff = mueff;
        Cs = cs;
        Damps = damps;
        Cc = cc;
        C1 = c1;
        Cmu = cmu;
    }

    /// <summary>
    /// Writes the normalised log weights w_i ∝ ln(μ + ½) − ln i, i = 1…μ, into the first μ
    /// entries of <paramref name="weights"/> and returns the full-covariance parameters.
    /// </summary>
    public static CmaParameters Compute(int dimension, int parents, Span<double> weights)
    {
        double mueff = FillWeights(parents, weights);
        double n = dimension;
        double cs = (mueff + 2) / (n + mueff + 5);
        double damps = 1 + 2 * Math.Max(0, Math.Sqrt((mueff - 1) / (n + 1)) - 1) + cs;
        double cc = (4 + mueff / n) / (n + 4 + 2 * mueff / n);
        double c1 = 2 / ((n + 1.3) * (n + 1.3) + mueff);
        double cmu = Math.Min(1 - c1, 2 * (mueff - 2 + 1 / mueff) / ((n + 2) * (n + 2) + mueff));
        return new CmaParameters(mueff, cs, damps, cc, c1, cmu);
    }

    /// <summary>
    /// The same with the covariance learning rates of sep-CMA-ES (Ros and Hansen 2008): a
    /// diagonal covariance has n rather than n²/2 degrees of freedom, so c_1 and c_μ are
    /// multiplied by (n + 2)/3, capped so that c_1 + c_μ ≤ 1.
    /// </summary>
    public static CmaParameters ComputeSeparable(int dimension, int parents, Span<double> weights)
    {
        var full = Compute(dimension, parents, weights);
        double scale = (dimension + 2) / 3.0;
        double c1 = Math.Min(1, full.C1 * scale);
        double cmu = Math.Min(1 - c1, full.Cmu * scale);
        return new CmaParameters(full.Mueff, full.Cs, full.Damps, full.Cc, c1, cmu);
    }

    /// <summary>
    /// Writes the normalised log weights w_i ∝ ln(μ + ½) − ln i, i = 1…μ, into the first μ
    /// entries of <paramref name="weights"/> and returns μ_eff = 1 / Σ w_i².
    /// </summary>
    public static double FillWeights(int parents, Span<double> weights)
    {
        double logHalf = Math.Log(parents + 0.5);
        double sum = 0;
        for (int i = 0; i < parents; i++)
        {
            weights[i] = logHalf - Math.Log(i + 1);
            sum += weights[i];
        }
        double squares = 0;
        for (int i = 0; i < parents; i++)
        {
            weights[i] /= sum;
            squares += weights[i] * weights[i];
        }
        return 1 / squares;
    }

    /// <summary>E‖N(0, I)‖ ≈ √n (1 − 1/(4n) + 1/(21n²)), the CSA target length.</summary>
    public static double ExpectedNormalNorm(int dimension) =>
        Math.Sqrt(dimension) * (1 - 1.0 / (4 * dimension) + 1.0 / (21.0 * dimension * dimension));
}
