using ExtProcRouter.IntentModel.Conversation;

namespace ExtProcRouter.Tests.IntentModel.Conversation;

public sealed class InstructionViewTests
{
    [Fact]
    public void Message_without_code_is_returned_as_the_same_instance()
    {
        const string message = "What's the weather in Paris tomorrow?\nAnd should I take an umbrella?";
        Assert.Same(message, InstructionView.From(message));
    }

    [Theory]
    [InlineData("using my card in tulsa won't cause me to be charged extra will it")]
    [InlineData("Yes at 11:15.")]
    [InlineData("def f(x): return x")]
    public void Single_line_is_its_own_instruction(string message) => Assert.Same(message, InstructionView.From(message));

    [Fact]
    public void Fenced_code_is_dropped_and_prose_before_and_after_it_kept()
    {
        const string message = "This has too much nesting. Flatten it out.\n\n```python\ndef complete_graph(n: int) -> dict:\n" +
                               "    return {i: [j for j in range(n) if i != j] for i in range(n)}\n```\n\nPlease keep it concise.";
        Assert.Equal("This has too much nesting. Flatten it out.\nPlease keep it concise.", InstructionView.From(message));
    }

    [Fact]
    public void Prose_inside_a_fence_is_code_too()
    {
        const string message = "eli5?\n```\nTraceback (most recent call last):\nValueError: this reads like prose\n```";
        Assert.Equal("eli5?", InstructionView.From(message));
    }

    [Fact]
    public void Unfenced_python_with_the_instruction_after_it()
    {
        const string message = """
            def digitSum(s):
                if s == "": return 0
                return sum(ord(char) if char.islower() else 0 for char in s)

            def check(digitSum):
                assert digitSum("abAB") == 131, "Error"

            check(digitSum)
            Fix bugs in digitSum.
            """;
        Assert.Equal("Fix bugs in digitSum.", InstructionView.From(message));
    }

    [Fact]
    public void Unfenced_python_script_between_two_lines_of_prose()
    {
        const string message = """
            I'm working on a side project.

            from math import factorial

            n = int(eval(input()))
            mod = 10**9 + 7
            for p in primes(n):
                ans = (ans * p) % mod
            print(ans)

            review pls
            """;
        Assert.Equal("I'm working on a side project.\nreview pls", InstructionView.From(message));
    }

    [Fact]
    public void Unfenced_java()
    {
        const string message = """
            import java.util.*;
            import java.lang.*;

            class Solution {
                public int add(int x, int y) {
                    return x + y;
                }
            }
            Provide a concise natural language description of the code using at most 120 characters.
            """;
        Assert.Equal("Provide a concise natural language description of the code using at most 120 characters.", InstructionView.From(message));
    }

    [Fact]
    public void Unfenced_go_and_cpp_with_includes()
    {
        const string go = "package main\n\nimport (\n    \"fmt\"\n)\n\nfunc Add(x int, y int) int {\n    return x + y\n}\n\nMake it run faster.";
        const string cpp = "#include<stdio.h>\n#include<vector>\nusing namespace std;\nint main(){\n    printf(\"%d\", 1);\n}\n\nFix bugs in main.";
        Assert.Equal("Make it run faster.", InstructionView.From(go));
        Assert.Equal("Fix bugs in main.", InstructionView.From(cpp));
    }

    [Fact]
    public void Problem_statement_keeps_its_prose_and_drops_examples()
    {
        const string message = """
            Write a Python function `compare_one(a, b) -> float` to solve the following problem:
            Create a function that takes integers, floats, or strings representing
            real numbers, and returns the larger variable in its given variable type.
            compare_one(1, 2.5) ➞ 2.5
            >>> compare_one("1", 1)
            """;
        Assert.Equal("""
            Write a Python function `compare_one(a, b) -> float` to solve the following problem:
            Create a function that takes integers, floats, or strings representing
            real numbers, and returns the larger variable in its given variable type.
            """.TrimEnd(), InstructionView.From(message));
    }

    [Fact]
    public void Unified_diff_is_dropped_up_to_the_prose_after_it()
    {
        const string message = """
            Quick question.

            diff --git a/src/a.py b/src/a.py
            --- a/src/a.py
            +++ b/src/a.py
            @@ -1,3 +1,3 @@
             def f(x):
            -    return x
            +    return x + 1
            Leave review comments on this patch.
            """;
        Assert.Equal("Quick question.\nLeave review comments on this patch.", InstructionView.From(message));
    }

    [Fact]
    public void Message_that_is_only_code_has_an_empty_view()
    {
        const string message = "```\nSELECT city FROM Addresses\nGROUP BY city\n```";
        Assert.Equal(string.Empty, InstructionView.From(message));
    }

    [Fact]
    public void Long_prose_keeps_its_first_and_last_lines_within_the_bound()
    {
        var lines = Enumerable.Range(1, 60).Select(i => $"Sentence number {i} of a long description of the task at hand.").ToList();
        var message = string.Join("\n", lines.Take(30)) + "\n```\nx = 1\n```\n" + string.Join("\n", lines.Skip(30));
        var view = InstructionView.From(message);
        Assert.True(view.Length <= InstructionView.MaxCharacters, $"{view.Length} characters");
        Assert.StartsWith(lines[0], view, StringComparison.Ordinal);
        Assert.EndsWith(lines[^1], view, StringComparison.Ordinal);
        Assert.DoesNotContain(lines[30], view, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("    return x + 1", true)]
    [InlineData("vector<float> derivative(vector<float> xs){", true)]
    [InlineData("for i in range(n):", true)]
    [InlineData("const total = items.reduce((a, b) => a + b, 0)", true)]
    [InlineData("[3, 5, 7]", true)]
    [InlineData("Write a Python function `f(xs: List[int]) -> int` to solve the following problem:", false)]
    [InlineData("Here's the function:", false)]
    [InlineData("Use a dictionary instead, and return the result as a list.", false)]
    [InlineData("You are given two intervals, where each interval is a pair of integers,", false)]
    [InlineData("# Why this matters", false)]
    public void Classifies_single_lines(string line, bool isCode) => Assert.Equal(isCode, InstructionView.LooksLikeCodeLine(line));
}
