using System.Runtime.CompilerServices;

// Lets the tests check the geometry helpers (nearest-centroid index, grid projection) directly.
[assembly: InternalsVisibleTo("QualityDiversity.Plotting.Tests")]
