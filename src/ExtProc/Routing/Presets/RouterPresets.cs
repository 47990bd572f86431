namespace ExtProcRouter.Routing.Presets;

/// <summary>
/// The built-in presets. Descriptions are written for the classifier: they name the user's goal and the words
/// such requests use, and they say what the task is not where a neighbour is close (review vs fix, explain vs
/// write). Model orders refer to the example catalog in config/router.yaml: frontier models first for open-ended
/// design and hard fixes, small models first where the work is shallow (syntax checks, chat, proofreading).
/// Accuracy measured with the eval tool is in README.md next to this file.
/// </summary>
public static class RouterPresets
{
    private const string Frontier = "claude-sonnet-4";
    private const string FrontierAlternative = "gpt-4.1";
    private const string Fast = "gemini-2.5-flash";
    private const string Small = "gpt-4o-mini";
    private const string SmallAlternative = "claude-haiku-3.5";

    public static readonly RouterPreset SoftwareEngineering = new("software-engineering",
        "Coding assistant: writing, fixing, reviewing and explaining code, system design, tooling.",
        [
            new("code_generation",
                "Write new code: implement, create or build a function, class, script or feature the user specifies, write unit tests, or port and convert code to another language.",
                [Frontier, FrontierAlternative, Fast]),
            new("bug_fixing",
                "Fix broken code or diagnose an error: a bug, wrong output, failing tests, a crash, an exception, a stack trace, an error message or off-by-one errors in code the user provides.",
                [Frontier, FrontierAlternative, Fast]),
            new("code_review",
                "Review code the user provides: check it for syntax issues, style, naming, readability, lint warnings, best practices and small improvements, without redesigning it.",
                [Small, Fast, SmallAlternative]),
            new("code_explanation",
                "Explain or describe what existing code does in natural language: understand its behaviour, walk through it, summarise a function or library, without changing it.",
                [Fast, Small, SmallAlternative]),
            new("architecture_design",
                "Design or plan a software system: architecture, microservices, monolith decomposition, migration strategy, scalability, data models and trade-offs between approaches.",
                [Frontier, FrontierAlternative, Fast]),
            new("devops_and_environment",
                "Shell and bash commands, terminal, git, Docker, CI pipelines, installing packages, requirements, dependency versions, environment setup and build configuration.",
                [FrontierAlternative, Fast, Small]),
        ]);

    public static readonly RouterPreset General = new("general",
        "Everyday assistant: conversation, questions, reasoning, summaries and translation.",
        [
            new("casual_chat",
                "Small talk and casual conversation: greetings, jokes, opinions, how are you, chit-chat with no task.",
                [Small, Fast, SmallAlternative]),
            new("question_answering",
                "Answer a factual or general knowledge question: who, what, when, where, why, definitions and facts about the world.",
                [Fast, FrontierAlternative, Small]),
            new("math_and_reasoning",
                "Solve math problems, calculations, equations, logic puzzles and multi-step reasoning.",
                [FrontierAlternative, Frontier, Fast]),
            new("summarization",
                "Summarize or shorten a text the user provides: key points, tl;dr, abstract.",
                [Fast, Small, SmallAlternative]),
            new("translation",
                "Translate text from one language to another, e.g. English to Spanish, French, German or Chinese.",
                [Small, Fast, FrontierAlternative]),
        ]);

    public static readonly RouterPreset Writing = new("writing",
        "Writing assistant: stories, editing, business and marketing text.",
        [
            new("creative_writing",
                "Write creative text: a story, poem, song lyrics, fiction, dialogue or a character, with imagination and style.",
                [Frontier, FrontierAlternative, Fast]),
            new("editing_and_proofreading",
                "Edit, proofread or rewrite a text the user provides: fix grammar, spelling and punctuation, improve clarity, shorten or change its tone.",
                [Small, SmallAlternative, Fast]),
            new("business_writing",
                "Write professional documents: emails, letters, reports, proposals, memos, cover letters and meeting notes.",
                [FrontierAlternative, Frontier, Small]),
            new("marketing_copy",
                "Write marketing and advertising copy: product descriptions, slogans, headlines, social media posts, landing pages and campaigns.",
                [Frontier, FrontierAlternative, Small]),
        ]);

    public static readonly RouterPreset KnowledgeBase = new("knowledge-base",
        "Answers over the user's own documents: retrieval QA, summaries, extraction and comparison.",
        [
            new("document_question_answering",
                "Answer a question using the provided documents, passages, context or knowledge base articles, citing the relevant parts.",
                [Fast, FrontierAlternative, Frontier]),
            new("document_summarization",
                "Summarize provided documents, articles, pages or search results into key points.",
                [Fast, Small, SmallAlternative]),
            new("information_extraction",
                "Extract structured information from provided text: names, dates, amounts, entities, fields, tables or JSON.",
                [Small, Fast, FrontierAlternative]),
            new("comparison_and_synthesis",
                "Compare several documents or sources, reconcile conflicting information and synthesise a combined analysis or recommendation.",
                [Frontier, FrontierAlternative, Fast]),
        ]);

    public static readonly IReadOnlyList<RouterPreset> All = [SoftwareEngineering, General, Writing, KnowledgeBase];

    public static RouterPreset? Find(string? name)
    {
        foreach (var preset in All)
        {
            if (string.Equals(preset.Name, name, StringComparison.Ordinal)) return preset;
        }
        return null;
    }
}
