namespace ExtProcRouter.Grpc;

/// <summary>The final outcome of a call: what travels in the <c>grpc-status</c> and <c>grpc-message</c> trailers.</summary>
public readonly record struct GrpcCallStatus(GrpcStatusCode Code, string Message)
{
    public static GrpcCallStatus Ok => new(GrpcStatusCode.Ok, "");

    public bool IsOk => Code == GrpcStatusCode.Ok;

    public override string ToString() => Message.Length == 0 ? Code.ToString() : $"{Code}: {Message}";
}
