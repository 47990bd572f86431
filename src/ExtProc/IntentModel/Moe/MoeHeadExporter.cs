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

        if (members.Count == 1) AddMember(g, members[0], products, cases, MoeGraphNames.Logits);
        else AddEnsemble(g, members, products, cases, MoeGraphNames.Logits);
        g.AddOutput(MoeGraphNames.Logits, TensorElementType.Float, "routes_plus_other");
        return g;
    }

    /// <summary>Adds one head's nodes reading the features; writes its [routes + 1] logits to <paramref name="output"/>.</summary>
    private static void AddMember(OnnxGraph g, MoeHeadWeights weights, string products, string cases, string output)
    {
        var width = weights.InputWidth;
        var experts = weights.Experts;
        var hidden = weights.Hidden;
        var caseSignals = weights.OtherWeights.Length;

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
        g.AddNode("Reshape", [g.AddNode("Concat", [routeLogits, other], "all_logits", OnnxAttribute.Int("axis", 0)), "flat"], output);
    }

    /// <summary>
    /// The members of an ensemble side by side on a member axis: one matrix product for all gates and one for all
    /// experts (a member's columns follow the previous member's), then per member the same top-k gate and expert sum as
    /// <see cref="AddMember"/>, a softmax over routes + "other", and the log of the mean over members.
    /// </summary>
    /// <remarks>
    /// Why not one subgraph per member: four subgraphs run four times as many small operators; with them the cold
    /// 2k-token decision p50 measured 4.7-5.4 ms, side by side 4.6-4.9 ms (one head: 4.2-4.5 ms). A single head keeps
    /// <see cref="AddMember"/>'s graph so that the committed single heads re-export byte for byte.
    /// </remarks>
    private static void AddEnsemble(OnnxGraph g, IReadOnlyList<MoeHeadWeights> members, string products, string cases, string output)
    {
        var first = members[0];
        var (width, experts, hidden, topK, caseSignals, count) = (first.InputWidth, first.Experts, first.Hidden, first.TopK, first.OtherWeights.Length, members.Count);
        if (members.Any(m => m.Experts != experts || m.Hidden != hidden || m.TopK != topK))
            throw new ArgumentException("Every member of an ensemble must have the same experts, hidden units and top k.", nameof(members));

        g.AddInitializer("gate_weights", SideBySide(members.Select(m => Transpose(m.GateWeights, experts, width)), width, experts), width, count * experts);
        g.AddInitializer("gate_bias", [.. members.SelectMany(m => m.GateBias)], count * experts);
        g.AddConstant("gate_shape", 0, count, experts);
        var gateLogits = g.AddNode("Reshape", [g.AddNode("Add", [g.AddNode("MatMul", [products, "gate_weights"], "gate_matmul"), "gate_bias"], "gate_flat"), "gate_shape"], "gate_logits");
        var probabilities = g.AddNode("Softmax", [gateLogits], "gate_probabilities", OnnxAttribute.Int("axis", -1));
        g.AddConstant("top_k", topK);
        var top = g.AddNode("TopK", [gateLogits, "top_k"], ["top_values", "top_indices"], OnnxAttribute.Int("axis", -1));
        g.AddConstant("kth_start", topK - 1);
        g.AddConstant("kth_end", topK);
        g.AddConstant("axis_0", 0);
        g.AddConstant("axis_1", 1);
        g.AddConstant("axis_2", 2);
        g.AddConstant("axis_3", 3);
        var kth = g.AddNode("Slice", [top[0], "kth_start", "kth_end", "axis_2"], "kth_value");
        var mask = g.AddNode("Cast", [g.AddNode("GreaterOrEqual", [gateLogits, kth], "selected")], "selected_f",
            OnnxAttribute.Int("to", (long)TensorElementType.Float));
        var kept = g.AddNode("Mul", [probabilities, mask], "gate_kept");
        var gate = g.AddNode("Div", [kept, g.AddNode("ReduceSum", [kept, "axis_2"], "gate_kept_sum", OnnxAttribute.Int("keepdims", 1))], "gate");

        var units = experts * hidden;
        g.AddInitializer("expert_weights", SideBySide(members.Select(m => Transpose(m.ExpertWeights, units, width)), width, units), width, count * units);
        g.AddInitializer("expert_bias", [.. members.SelectMany(m => m.ExpertBias)], count * units);
        g.AddConstant("expert_shape", 0, count, experts, hidden);
        var perExpert = g.AddNode("Reshape", [g.AddNode("Relu", [g.AddNode("Add", [g.AddNode("MatMul", [products, "expert_weights"], "expert_matmul"), "expert_bias"], "expert_pre")], "expert_hidden"), "expert_shape"], "expert_hidden_4d");
        g.AddInitializer("output_weights", [.. members.SelectMany(m => m.OutputWeights)], count, experts, hidden);
        g.AddInitializer("output_bias", [.. members.SelectMany(m => m.OutputBias)], count, experts);
        var expertScores = g.AddNode("Add", [
            g.AddNode("ReduceSum", [g.AddNode("Mul", [perExpert, "output_weights"], "expert_weighted"), "axis_3"], "expert_sum", OnnxAttribute.Int("keepdims", 0)),
            "output_bias"], "expert_scores");
        var routeLogits = g.AddNode("ReduceSum", [g.AddNode("Mul", [expertScores, gate], "gated_scores"), "axis_2"], "route_logits",
            OnnxAttribute.Int("keepdims", 0));

        g.AddInitializer("other_weights", SideBySide(members.Select(m => m.OtherWeights), caseSignals, 1), caseSignals, count);
        g.AddInitializer("other_bias", [.. members.SelectMany(m => m.OtherBias)], count);
        var other = g.AddNode("Add", [g.AddNode("MatMul", [cases, "other_weights"], "other_matmul"), "other_bias"], "other_logit");
        // [routes + 1, members]: each member's distribution over routes + "other", then their mean.
        var perMember = g.AddNode("Softmax", [g.AddNode("Concat", [routeLogits, other], "all_logits", OnnxAttribute.Int("axis", 0))], "member_probabilities",
            OnnxAttribute.Int("axis", 0));
        g.AddScalar("member_count", count);
        g.AddNode("Log", [g.AddNode("Div", [g.AddNode("ReduceSum", [perMember, "axis_1"], "probability_sum", OnnxAttribute.Int("keepdims", 0)), "member_count"], "mean_probabilities")], output);
    }

    /// <summary>Row-major [rows, columns] blocks placed side by side: [rows, blocks x columns].</summary>
    private static float[] SideBySide(IEnumerable<float[]> blocks, int rows, int columns)
    {
        var list = blocks.ToList();
        var result = new float[rows * columns * list.Count];
        for (var b = 0; b < list.Count; b++)
            for (var r = 0; r < rows; r++)
                list[b].AsSpan(r * columns, columns).CopyTo(result.AsSpan(r * columns * list.Count + b * columns, columns));
        return result;
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
