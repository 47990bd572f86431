namespace ExtProcRouter.Cost;

/// <summary>The simulation's inputs do not fit together (a model without a price, an unreadable line); the message says which.</summary>
public sealed class CostSimulationException(string message, Exception? inner = null) : Exception(message, inner);
