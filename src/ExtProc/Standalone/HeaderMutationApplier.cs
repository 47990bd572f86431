using Envoy.Config.Core.V3;
using Envoy.Service.ExtProc.V3;

namespace ExtProcRouter.Standalone;

/// <summary>
/// Applies an ext_proc HeaderMutation the way Envoy does without <c>mutation_rules</c>: changes to
/// <c>host</c>, <c>:authority</c>, <c>:scheme</c>, <c>:method</c> and <c>x-envoy-*</c> are ignored, pseudo-headers
/// cannot be removed, and <c>append_action</c> (or the deprecated <c>append</c>) decides append vs overwrite.
/// </summary>
public static class HeaderMutationApplier
{
    public static void Apply(HeaderMutation? mutation, HeaderMap headers)
    {
        if (mutation is null) return;
        foreach (var option in mutation.SetHeaders)
        {
            var name = option.Header.Key.ToLowerInvariant();
            if (IsProtected(name)) continue;
            var value = HeaderMap.ValueOf(option.Header);
            if (value.Length == 0 && !option.KeepEmptyValue) { headers.Remove(name); continue; }
            switch (EffectiveAction(option))
            {
                case HeaderValueOption.Types.HeaderAppendAction.AppendIfExistsOrAdd:
                    headers.Add(name, value);
                    break;
                case HeaderValueOption.Types.HeaderAppendAction.AddIfAbsent:
                    if (!headers.Contains(name)) headers.Add(name, value);
                    break;
                case HeaderValueOption.Types.HeaderAppendAction.OverwriteIfExists:
                    if (headers.Contains(name)) headers.Set(name, value);
                    break;
                default:
                    headers.Set(name, value);
                    break;
            }
        }
        foreach (var name in mutation.RemoveHeaders)
        {
            var lower = name.ToLowerInvariant();
            if (lower.StartsWith(':') || IsProtected(lower)) continue;
            headers.Remove(lower);
        }
    }

    // Envoy still honours the deprecated `append` flag when a processor sets it, ahead of append_action.
#pragma warning disable CS0612
    private static HeaderValueOption.Types.HeaderAppendAction EffectiveAction(HeaderValueOption option) =>
        option.Append is null
            ? option.AppendAction
            : option.Append.Value
                ? HeaderValueOption.Types.HeaderAppendAction.AppendIfExistsOrAdd
                : HeaderValueOption.Types.HeaderAppendAction.OverwriteIfExistsOrAdd;
#pragma warning restore CS0612

    private static bool IsProtected(string name) =>
        name is "host" or ":authority" or ":scheme" or ":method" || name.StartsWith("x-envoy-", StringComparison.Ordinal);
}
