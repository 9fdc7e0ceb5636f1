using QualityDiversity.Experiments.Configuration;
using static QualityDiversity.Cli.Tests.Configuration.ConfigLoadingTests;

namespace QualityDiversity.Cli.Tests.Configuration;

/// <summary>The <c>gradient_arborescence</c> and <c>gradient_operator</c> emitter sections.</summary>
public sealed class GradientEmitterConfigTests
{
    private static void AssertError(string json, string path, params string[] fragments)
    {
        var e = Assert.Throws<ConfigException>(() => Load(json));
        Assert.Equal(path, e.FieldPath);
        foreach (string fragment in fragments) Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void ArborescenceDefaultsFollowPyribs()
    {
        var config = Load(Minimal(emitter: """{ "type": "gradient_arborescence", "sigma0": 10, "lr": 1 }"""));
        var e = Assert.IsType<GradientArborescenceEmitterConfig>(Assert.Single(config.Emitters));
        Assert.Equal(("adam", true, "2imp", "filter", "no_improvement", "cma_es"), (e.GradOpt, e.NormalizeGrad, e.Ranker, e.SelectionRule, e.RestartRule.ToString(), e.Es));
        Assert.Equal(4 + (int)Math.Floor(3 * Math.Log(3)), e.BatchSize); // CMA-ES' default for 1 + 2 coefficients
    }

    [Fact]
    public void OperatorSettingsAreRead()
    {
        var config = Load(Minimal(emitter: """{ "type": "gradient_operator", "sigma": 0.1, "sigma_g": 2, "measure_gradients": true, "normalize_grad": true, "operator_type": "iso_line", "line_sigma": 0.2 }"""));
        var e = Assert.IsType<GradientOperatorEmitterConfig>(Assert.Single(config.Emitters));
        Assert.Equal((0.1, 2.0, true, true, "iso_line", 0.2, 64), (e.Sigma, e.SigmaG, e.MeasureGradients, e.NormalizeGrad, e.OperatorType, e.LineSigma, e.BatchSize));
    }

    [Fact]
    public void UnknownGradientOptimizerIsNamed() =>
        AssertError(Minimal(emitter: """{ "type": "gradient_arborescence", "sigma0": 1, "lr": 1, "grad_opt": "sgd" }"""), "emitters[0].grad_opt", "unknown gradient optimizer 'sgd'", "gradient_ascent, adam");

    [Fact]
    public void NonPositiveLearningRateIsNamed() =>
        AssertError(Minimal(emitter: """{ "type": "gradient_arborescence", "sigma0": 1, "lr": 0 }"""), "emitters[0].lr", "must be positive");

    [Fact]
    public void ArborescenceTakesNoBounds() =>
        AssertError(Minimal(emitter: """{ "type": "gradient_arborescence", "sigma0": 1, "lr": 1, "bounds": [-1, 1] }"""), "emitters[0].bounds", "no solution bounds");

    [Fact]
    public void MissingStepSizeIsRequired() =>
        AssertError(Minimal(emitter: """{ "type": "gradient_operator", "sigma": 0.1 }"""), "emitters[0].sigma_g", "required");
}
