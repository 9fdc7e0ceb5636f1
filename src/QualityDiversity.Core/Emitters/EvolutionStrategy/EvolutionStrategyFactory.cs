using QualityDiversity.Optimizers;
using QualityDiversity.Randomness;

namespace QualityDiversity.Emitters.EvolutionStrategy;

/// <summary>
/// Creates the evolution strategy of an <see cref="EvolutionStrategyEmitter"/>.
/// </summary>
/// <param name="dimension">Solution dimension n.</param>
/// <param name="sigma0">Initial step size σ₀.</param>
/// <param name="batchSize">Population size λ.</param>
/// <param name="random">The strategy's own random generator (derived from the emitter's).</param>
public delegate IEvolutionStrategy EvolutionStrategyFactory(int dimension, double sigma0, int batchSize, RandomSource random);
