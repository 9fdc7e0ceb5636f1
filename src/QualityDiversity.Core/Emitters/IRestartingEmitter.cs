namespace QualityDiversity.Emitters;

/// <summary>An emitter that restarts itself (e.g. an evolution-strategy emitter); schedulers may reselect emitters when they restart.</summary>
public interface IRestartingEmitter
{
    /// <summary>How many times the emitter has restarted.</summary>
    int Restarts { get; }
}
