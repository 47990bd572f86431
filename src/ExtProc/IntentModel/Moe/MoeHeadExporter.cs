using ExtProcRouter.IntentModel.Onnx;
using ExtProcRouter.IntentModel.Onnx.Writing;

namespace ExtProcRouter.IntentModel.Moe;

/// <summary>
/// Writes the head as an ONNX graph computing the same function as <see cref="MoeHead.Forward"/>, batched over the
/// offered routes: every expert runs densely (E is small) and the top-k mask zeroes the unselected ones.
/// </summary>
public static class MoeHeadExporter
{
    public static OnnxGraph BuildGraph(MoeHeadWeights weights)
    {
        const int w = MoeFeatureLayout.EmbeddingWidth;
        var width = weights.InputWidth;
        var experts = weights.Experts;
        var hidden = weights.Hidden;
        var caseSignals = weights.OtherWeights.Length;
        var g = new OnnxGraph("moe_route_head");
        var latest = g.AddInput(MoeGraphNames.Latest, TensorElementType.Float, 1, w);
        var previous = g.AddInput(MoeGraphNames.Previous, TensorElementType.Float, 1, w);
        var assistant = g.AddInput(MoeGraphNames.Assistant, TensorElementType.Float, 1, w);
        var instruction = g.AddInput(MoeGraphNames.Instruction, TensorElementType.Float, 1, w);
        var routes = g.AddInput(MoeGraphNames.Routes, TensorElementType.Float, "routes", w);
        var signals = g.AddInput(MoeGraphNames.RouteSignals, TensorElementType.Float, "routes", width - MoeFeatureLayout.ViewCount * w);
        var cases = g.AddInput(MoeGraphNames.CaseSignals, TensorElementType.Float, 1, caseSignals);

        // Features: [route * latest, route * previous, route * assistant, route * instruction] * scale, then the signals.
        g.AddScalar("product_scale", MoeFeatureLayout.ProductScale);
        var scaledRoutes = g.AddNode("Mul", [routes, "product_scale"], "routes_scaled");
        var products = g.AddNode("Concat", [
            g.AddNode("Mul", [scaledRoutes, latest], "route_x_latest"),
            g.AddNode("Mul", [scaledRoutes, previous], "route_x_previous"),
            g.AddNode("Mul", [scaledRoutes, assistant], "route_x_assistant"),
            g.AddNode("Mul", [scaledRoutes, instruction], "route_x_instruction"),
            signals], "features", OnnxAttribute.Int("axis", 1));

        // Gate: softmax over all experts, renormalised over the top k.
        g.AddInitializer("gate_weights", Transpose(weights.GateWeights, experts, width), width, experts);
        g.AddInitializer("gate_bias", weights.GateBias, experts);
        var gateLogits = g.AddNode("Add", [g.AddNode("MatMul", [products, "gate_weights"], "gate_matmul"), "gate_bias"], "gate_logits");
        var probabilities = g.AddNode("Softmax", [gateLogits], "gate_probabilities", OnnxAttribute.Int("axis", -1));
        g.AddConstant("top_k", weights.TopK);
        var top = g.AddNode("TopK", [gateLogits, "top_k"], ["top_values", "top_indices"], OnnxAttribute.Int("axis", -1));
        g.AddConstant("kth_start", weights.TopK - 1);
        g.AddConstant("kth_end", weights.TopK);
        g.AddConstant("axis_1", 1);
        var kth = g.AddNode("Slice", [top[0], "kth_start", "kth_end", "axis_1"], "kth_value");
        var mask = g.AddNode("Cast", [g.AddNode("GreaterOrEqual", [gateLogits, kth], "selected")], "selected_f",
            OnnxAttribute.Int("to", (long)TensorElementType.Float));
        var kept = g.AddNode("Mul", [probabilities, mask], "gate_kept");
        var keptSum = g.AddNode("ReduceSum", [kept, "axis_1"], "gate_kept_sum", OnnxAttribute.Int("keepdims", 1));
        var gate = g.AddNode("Div", [kept, keptSum], "gate");

        // Experts, all at once: [routes, experts * hidden] -> ReLU -> per-expert scores [routes, experts].
        g.AddInitializer("expert_weights", Transpose(weights.ExpertWeights, experts * hidden, width), width, experts * hidden);
        g.AddInitializer("expert_bias", weights.ExpertBias, experts * hidden);
        var activations = g.AddNode("Relu", [g.AddNode("Add", [g.AddNode("MatMul", [products, "expert_weights"], "expert_matmul"), "expert_bias"], "expert_pre")], "expert_hidden");
        g.AddConstant("expert_shape", 0, experts, hidden);
        var perExpert = g.AddNode("Reshape", [activations, "expert_shape"], "expert_hidden_3d");
        g.AddInitializer("output_weights", weights.OutputWeights, experts, hidden);
        g.AddInitializer("output_bias", weights.OutputBias, experts);
        g.AddConstant("axis_2", 2);
        var expertScores = g.AddNode("Add", [
            g.AddNode("ReduceSum", [g.AddNode("Mul", [perExpert, "output_weights"], "expert_weighted"), "axis_2"], "expert_sum", OnnxAttribute.Int("keepdims", 0)),
            "output_bias"], "expert_scores");
        var routeLogits = g.AddNode("ReduceSum", [g.AddNode("Mul", [expertScores, gate], "gated_scores"), "axis_1"], "route_logits",
            OnnxAttribute.Int("keepdims", 1));

        g.AddInitializer("other_weights", weights.OtherWeights, caseSignals, 1);
        g.AddInitializer("other_bias", weights.OtherBias, 1);
        var other = g.AddNode("Add", [g.AddNode("MatMul", [cases, "other_weights"], "other_matmul"), "other_bias"], "other_logit");
        g.AddConstant("flat", -1);
        g.AddNode("Reshape", [g.AddNode("Concat", [routeLogits, other], "all_logits", OnnxAttribute.Int("axis", 0)), "flat"], MoeGraphNames.Logits);
        g.AddOutput(MoeGraphNames.Logits, TensorElementType.Float, "routes_plus_other");
        return g;
    }

    public static byte[] Serialize(MoeHeadWeights weights) =>
        OnnxModelWriter.Serialize(BuildGraph(weights), docString: DocString(weights));

    public static void Save(MoeHeadWeights weights, string path) =>
        OnnxModelWriter.Save(BuildGraph(weights), path, docString: DocString(weights));

    private static string DocString(MoeHeadWeights weights) =>
        $"extproc-router mixture-of-experts route head: {weights.Experts} experts of {weights.Hidden} hidden units, top-{weights.TopK} gate.";

    private static float[] Transpose(float[] rowsByInput, int rows, int inputs)
    {
        var result = new float[rows * inputs];
        for (var r = 0; r < rows; r++)
            for (var i = 0; i < inputs; i++)
                result[i * rows + r] = rowsByInput[r * inputs + i];
        return result;
    }
}
