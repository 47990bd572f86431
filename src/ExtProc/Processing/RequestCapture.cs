namespace ExtProcRouter.Processing;

/// <summary>Optional request details a metrics sink asks for; each costs work on the request path, so none is the default.</summary>
[Flags]
public enum RequestCapture
{
    None = 0,
    /// <summary><see cref="RequestRecord.ConversationHash"/>: a SHA-256 of the normalized messages, for grouping without the text.</summary>
    ConversationHash = 1,
    /// <summary><see cref="RequestRecord.PromptText"/>: the latest user message. Only when an operator explicitly enabled it.</summary>
    PromptText = 2,
}
