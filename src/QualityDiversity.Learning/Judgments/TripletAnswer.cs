namespace QualityDiversity.Learning.Judgments;

/// <summary>Which of the two candidates of a triplet was judged more similar to the reference.</summary>
public enum TripletAnswer
{
    /// <summary>Candidate A is more similar to the reference.</summary>
    A,

    /// <summary>Candidate B is more similar to the reference.</summary>
    B,
}
