using ExtProcRouter.Translation;

namespace ExtProcRouter.Routing;

/// <summary>What a selector may look at to choose a model.</summary>
/// <param name="RequestedModel">The client's <c>model</c> value, e.g. <c>gpt-4o-mini</c> or <c>router:coding</c>.</param>
/// <param name="ClientFormat">The API the client speaks.</param>
/// <param name="Body">The client's (decoded) JSON body; only valid for the duration of the call.</param>
public readonly record struct ModelSelectionRequest(string RequestedModel, ApiFormat ClientFormat, ReadOnlyMemory<byte> Body);
