namespace QualityDiversity.Cli.Tests.Support;

/// <summary>Small configurations for fast runs.</summary>
public static class Configs
{
    /// <summary>Arm with 10 joints on a 20x20 grid.</summary>
    public static string SmallArm(int iterations = 30, int checkpointEvery = 10, string archive = """{ "type": "grid", "dims": [20, 20] }""", int metricsEvery = 1) => $$"""
        {
          "name": "small-arm",
          "seed": 7,
          "iterations": {{iterations}},
          "checkpoint_every": {{checkpointEvery}},
          "metrics_every": {{metricsEvery}},
          "task": { "name": "arm", "dim": 10 },
          "archive": {{archive}},
          "emitters": [
            { "type": "gaussian", "sigma": 0.1, "batch_size": 40, "count": 2,
              "initial_solutions": { "count": 50 } },
            { "type": "iso_line", "batch_size": 30, "bounds": [-3.2, 3.2] }
          ]
        }
        """;

    /// <summary>A small arm search that starts from a top-level initial population of 37 solutions.</summary>
    public static string ArmWithInitialPopulation(int iterations = 20, int checkpointEvery = 10) => $$"""
        {
          "name": "arm-population",
          "seed": 3,
          "iterations": {{iterations}},
          "checkpoint_every": {{checkpointEvery}},
          "task": { "name": "arm", "dim": 10 },
          "archive": { "type": "grid", "dims": [20, 20] },
          "initial_population": { "count": 37 },
          "emitters": [ { "type": "gaussian", "sigma": 0.1, "batch_size": 25 } ]
        }
        """;

    /// <summary>An archive section of each kind a task can run with.</summary>
    public static TheoryData<string> Archives() => new()
    {
        """{ "type": "grid", "dims": [20, 20] }""",
        """{ "type": "grid", "edges": [[-10, -5, -2, 0, 2, 5, 10], [-10, 0, 3, 10]] }""",
        """{ "type": "grid", "dims": [15, 15], "learning_rate": 0.1, "threshold_min": 0 }""",
        """{ "type": "cvt", "cells": 64, "samples": 2000 }""",
        """{ "type": "proximity", "novelty_threshold": 1.5, "local_competition": true, "capacity": 300 }""",
        """{ "type": "sliding_boundaries", "dims": [12, 12], "remap_frequency": 50, "buffer_capacity": 200 }""",
        """{ "type": "dns", "capacity": 150, "k": 3 }""",
    };
}
