namespace ExtProcRouter.IntentModel.Moe;

/// <summary>Input and output names of the exported mixture-of-experts head graph.</summary>
public static class MoeGraphNames
{
    /// <summary>[1, 512] embedding of the latest user message.</summary>
    public const string Latest = "latest";

    /// <summary>[1, 512] embedding of the earlier user turns (zeros when there are none).</summary>
    public const string Previous = "previous";

    /// <summary>[1, 512] embedding of the last assistant turn (zeros when there is none).</summary>
    public const string Assistant = "assistant";

    /// <summary>[1, 512] embedding of the latest message's instruction view (its prose without code; zeros when it is only code).</summary>
    public const string Instruction = "instruction";

    /// <summary>[routes, 512] embeddings of "name: description" per offered route.</summary>
    public const string Routes = "routes";

    /// <summary>[routes, <see cref="MoeFeatureLayout.RouteSignalCount"/>] cheap per-route signals.</summary>
    public const string RouteSignals = "route_signals";

    /// <summary>[1, <see cref="MoeFeatureLayout.CaseSignalCount"/>] per-conversation signals read by the "none of these" logit.</summary>
    public const string CaseSignals = "case_signals";

    /// <summary>[routes + 1] logits: one per offered route, then the "other" logit.</summary>
    public const string Logits = "logits";
}
