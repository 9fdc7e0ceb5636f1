namespace QualityDiversity.Randomness;

/// <summary>
/// Tables of the 128-layer ziggurat for the standard normal density (Marsaglia and Tsang 2000,
/// in the form analysed by Doornik 2005). Layer <c>i</c> spans [0, X[i]] horizontally;
/// <c>Ratio[i] = X[i+1] / X[i]</c> is the fraction of layer <c>i</c> that lies entirely under
/// the density, where a draw is accepted at once.
/// </summary>
internal static class ZigguratTables
{
    public const int Layers = 128;

    /// <summary>Start of the tail, r.</summary>
    public const double TailStart = 3.442619855899;

    /// <summary>Area of each layer, v.</summary>
    private const double LayerArea = 9.91256303526217e-3;

    public static readonly double[] X = BuildLayerEdges();
    public static readonly double[] Ratio = BuildRatios(X);

    // Field initialisers (no static constructor) let the JIT treat the tables as constants
    // in the inlined hot path instead of checking class initialisation on every draw.
    private static double[] BuildLayerEdges()
    {
        var x = new double[Layers + 1];
        double f = Math.Exp(-0.5 * TailStart * TailStart);
        x[0] = LayerArea / f;   // the base layer includes the tail, so it is wider than r
        x[1] = TailStart;
        x[Layers] = 0;
        for (int i = 2; i < Layers; i++)
        {
            x[i] = Math.Sqrt(-2 * Math.Log(LayerArea / x[i - 1] + f));
            f = Math.Exp(-0.5 * x[i] * x[i]);
        }
        return x;
    }

    private static double[] BuildRatios(double[] x)
    {
        var ratio = new double[Layers];
        for (int i = 0; i < Layers; i++) ratio[i] = x[i + 1] / x[i];
        return ratio;
    }
}
