namespace QualityDiversity.Rankers;

/// <summary>
/// Allocation-free sorting of index spans by a struct comparer. MemoryExtensions.Sort boxes a
/// struct comparer and wraps it in a delegate on every call, which a ranker called once per
/// emitter per iteration should not pay; the comparers used here are strict total orders, so the
/// algorithm does not affect the result.
/// </summary>
internal static class RankingSort
{
    private const int InsertionSortLimit = 32;

    /// <summary>Sorts <paramref name="items"/> ascending by <paramref name="comparer"/>.</summary>
    public static void Sort<TComparer>(Span<int> items, TComparer comparer) where TComparer : struct, IComparer<int>
    {
        if (items.Length <= InsertionSortLimit) InsertionSort(items, comparer);
        else HeapSort(items, comparer);
    }

    private static void InsertionSort<TComparer>(Span<int> items, TComparer comparer) where TComparer : struct, IComparer<int>
    {
        for (int i = 1; i < items.Length; i++)
        {
            int item = items[i];
            int j = i - 1;
            while (j >= 0 && comparer.Compare(items[j], item) > 0)
            {
                items[j + 1] = items[j];
                j--;
            }
            items[j + 1] = item;
        }
    }

    private static void HeapSort<TComparer>(Span<int> items, TComparer comparer) where TComparer : struct, IComparer<int>
    {
        int n = items.Length;
        for (int i = n / 2 - 1; i >= 0; i--) SiftDown(items, i, n, comparer);
        for (int end = n - 1; end > 0; end--)
        {
            (items[0], items[end]) = (items[end], items[0]);
            SiftDown(items, 0, end, comparer);
        }
    }

    private static void SiftDown<TComparer>(Span<int> items, int root, int length, TComparer comparer) where TComparer : struct, IComparer<int>
    {
        int item = items[root];
        while (true)
        {
            int child = 2 * root + 1;
            if (child >= length) break;
            if (child + 1 < length && comparer.Compare(items[child + 1], items[child]) > 0) child++;
            if (comparer.Compare(items[child], item) <= 0) break;
            items[root] = items[child];
            root = child;
        }
        items[root] = item;
    }
}
