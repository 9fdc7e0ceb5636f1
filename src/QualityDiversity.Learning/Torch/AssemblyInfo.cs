using System.Runtime.CompilerServices;

// The tests hold internal torch helpers, such as the optimiser, to TorchSharp's own implementations.
[assembly: InternalsVisibleTo("QualityDiversity.Learning.Tests")]
