namespace ExtProcRouter.Routing.Metrics;

/// <summary>USD per million tokens.</summary>
public readonly record struct ModelPrice(decimal InputPerMillion, decimal OutputPerMillion)
{
    /// <summary>What <c>prefer: cheapest</c> sorts by: input plus output price.</summary>
    public decimal Total => InputPerMillion + OutputPerMillion;
}
