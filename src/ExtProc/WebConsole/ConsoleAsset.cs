namespace ExtProcRouter.WebConsole;

/// <summary>One static file of the console, with its content type and an ETag from its content.</summary>
public sealed record ConsoleAsset(byte[] Content, string ContentType, string ETag);
