namespace QualityDiversity.Data;

/// <summary>The solution element types a table can be written with: numbers, booleans and text.</summary>
internal static class SolutionElement
{
    public static readonly Type[] Supported = [typeof(double), typeof(float), typeof(int), typeof(long), typeof(bool), typeof(string)];

    /// <summary>Refuses an element type that files and data frames cannot hold, saying how to convert it.</summary>
    /// <exception cref="NotSupportedException">The type is not supported.</exception>
    public static void Check<T>()
    {
        if (Array.IndexOf(Supported, typeof(T)) < 0)
            throw new NotSupportedException(
                $"solutions of type {typeof(T).Name} cannot be stored; convert them first with EliteTable.ConvertSolutions to one of {string.Join(", ", Supported.Select(t => t.Name))}.");
    }

    /// <summary>Solution column <paramref name="column"/> of <paramref name="solutions"/> (width elements per row).</summary>
    public static T[] Column<T>(T[] solutions, int width, int column)
    {
        int rows = width == 0 ? 0 : solutions.Length / width;
        var values = new T[rows];
        for (int r = 0; r < rows; r++) values[r] = solutions[r * width + column];
        return values;
    }
}
