using ExtProcRouter.IntentModel.Onnx;
using ExtProcRouter.IntentModel.Onnx.Writing;

namespace ExtProcRouter.IntentModel.Moe;

/// <summary>
/// Writes the head as an ONNX graph computing the same function as <see cref="MoeHead.Forward"/>, batched over the
/// offered routes: every expert runs densely (E is small) and the top-k mask zeroes the unselected ones.
/// </summary>
public static class MoeHeadExporter
{
    public static OnnxGraph BuildGraph(MoeHeadWeights weights) => BuildGraph([weights]);

    /// <summary>
    /// One head, or an ensemble (<see cref="MoeEnsemble"/>): the members share the inputs and the product features,
    /// and the output is the log of their mean probabilities.
    /// </summary>
    public static OnnxGraph BuildGraph(IReadOnlyList<MoeHeadWeights> members)
    {
        if (members.Count == 0) throw new ArgumentException("An ensemble needs at least one head.", nameof(members));
        const int w = MoeFeatureLayout.EmbeddingWidth;
        var width = members[0].InputWidth;
        var caseSignals = members[0].OtherWeights.Length;
        if (members.Any(m => m.InputWidth != width || m.OtherWeights.Length != caseSignals))
            throw new ArgumentException("Every member must read the same features.", nameof(members));
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

        if (members.Count == 1)
        {
            AddMember(g, members[0], products, cases, prefix: "", MoeGraphNames.Logits);
        }
        else
        {
            var probabilities = members.Select((m, k) => g.AddNode("Softmax",
                [AddMember(g, m, products, cases, $"m{k}_", $"m{k}_logits")], $"m{k}_probabilities", OnnxAttribute.Int("axis", -1))).ToArray();
            g.AddScalar("member_count", members.Count);
            var mean = g.AddNode("Div", [g.AddNode("Sum", probabilities, "probability_sum"), "member_count"], "mean_probabilities");
            g.AddNode("Log", [mean], MoeGraphNames.Logits);
        }
        g.AddOutput(MoeGraphNames.Logits, TensorElementType.Float, "routes_plus_other");
        return g;
    }

    /// <summary>Adds one head's nodes (names prefixed), reading the shared features; returns <paramref name="output"/>, its [routes + 1] logits.</summary>
    private static string AddMember(OnnxGraph g, MoeHeadWeights weights, string products, string cases, string prefix, string output)
    {
        var width = weights.InputWidth;
        var experts = weights.Experts;
        var hidden = weights.Hidden;
        var caseSignals = weights.OtherWeights.Length;
        string N(string name) => prefix + name;

        // Gate: softmax over all experts, renormalised over the top k.
        g.AddInitializer(N("gate_weights"), Transpose(weights.GateWeights, experts, width), width, experts);
        g.AddInitializer(N("gate_bias"), weights.GateBias, experts);
        var gateLogits = g.AddNode("Add", [g.AddNode("MatMul", [products, N("gate_weights")], N("gate_matmul")), N("gate_bias")], N("gate_logits"));
        var probabilities = g.AddNode("Softmax", [gateLogits], N("gate_probabilities"), OnnxAttribute.Int("axis", -1));
        g.AddConstant(N("top_k"), weights.TopK);
        var top = g.AddNode("TopK", [gateLogits, N("top_k")], [N("top_values"), N("top_indices")], OnnxAttribute.Int("axis", -1));
        g.AddConstant(N("kth_start"), weights.TopK - 1);
        g.AddConstant(N("kth_end"), weights.TopK);
        g.AddConstant(N("axis_1"), 1);
        var kth = g.AddNode("Slice", [top[0], N("kth_start"), N("kth_end"), N("axis_1")], N("kth_value"));
        var mask = g.AddNode("Cast", [g.AddNode("GreaterOrEqual", [gateLogits, kth], N("selected"))], N("selected_f"),
            OnnxAttribute.Int("to", (long)TensorElementType.Float));
        var kept = g.AddNode("Mul", [probabilities, mask], N("gate_kept"));
        var keptSum = g.AddNode("ReduceSum", [kept, N("axis_1")], N("gate_kept_sum"), OnnxAttribute.Int("keepdims", 1));
        var gate = g.AddNode("Div", [kept, keptSum], N("gate"));

        // Experts, all at once: [routes, experts * hidden] -> ReLU -> per-expert scores [routes, experts].
        g.AddInitializer(N("expert_weights"), Transpose(weights.ExpertWeights, experts * hidden, width), width, experts * hidden);
        g.AddInitializer(N("expert_bias"), weights.ExpertBias, experts * hidden);
        var activations = g.AddNode("Relu", [g.AddNode("Add", [g.AddNode("MatMul", [products, N("expert_weights")], N("expert_matmul")), N("expert_bias")], N("expert_pre"))], N("expert_hidden"));
        g.AddConstant(N("expert_shape"), 0, experts, hidden);
        var perExpert = g.AddNode("Reshape", [activations, N("expert_shape")], N("expert_hidden_3d"));
        g.AddInitializer(N("output_weights"), weights.OutputWeights, experts, hidden);
        g.AddInitializer(N("output_bias"), weights.OutputBias, experts);
        g.AddConstant(N("axis_2"), 2);
        var expertScores = g.AddNode("Add", [
            g.AddNode("ReduceSum", [g.AddNode("Mul", [perExpert, N("output_weights")], N("expert_weighted")), N("axis_2")], N("expert_sum"), OnnxAttribute.Int("keepdims", 0)),
            N("output_bias")], N("expert_scores"));
        var routeLogits = g.AddNode("ReduceSum", [g.AddNode("Mul", [expertScores, gate], N("gated_scores")), N("axis_1")], N("route_logits"),
            OnnxAttribute.Int("keepdims", 1));

        g.AddInitializer(N("other_weights"), weights.OtherWeights, caseSignals, 1);
        g.AddInitializer(N("other_bias"), weights.OtherBias, 1);
        var other = g.AddNode("Add", [g.AddNode("MatMul", [cases, N("other_weights")], N("other_matmul")), N("other_bias")], N("other_logit"));
        g.AddConstant(N("flat"), -1);
        return g.AddNode("Reshape", [g.AddNode("Concat", [routeLogits, other], N("all_logits"), OnnxAttribute.Int("axis", 0)), N("flat")], output);
    }

    public static byte[] Serialize(MoeHeadWeights weights) => Serialize([weights]);

    public static byte[] Serialize(IReadOnlyList<MoeHeadWeights> members) =>
        OnnxModelWriter.Serialize(BuildGraph(members), docString: DocString(members));

    public static void Save(IReadOnlyList<MoeHeadWeights> members, string path) =>
        OnnxModelWriter.Save(BuildGraph(members), path, docString: DocString(members));

    private static string DocString(IReadOnlyList<MoeHeadWeights> members)
    {
        var weights = members[0];
        var head = $"{weights.Experts} experts of {weights.Hidden} hidden units, top-{weights.TopK} gate";
        return members.Count == 1 ? $"extproc-router mixture-of-experts route head: {head}."
            : $"extproc-router ensemble of {members.Count} mixture-of-experts route heads ({head} each), mean of their probabilities.";
    }

    private static float[] Transpose(float[] rowsByInput, int rows, int inputs)
    {
        var result = new float[rows * inputs];
        for (var r = 0; r < rows; r++)
            for (var i = 0; i < inputs; i++)
                result[i * rows + r] = rowsByInput[r * inputs + i];
        return result;
    }
}
