// Inputs for the reference token ids. Chosen to exercise every branch of the JS tokenizer: NFKC folding,
// the space -> U+2581 rule (only U+0020 is replaced), unknown symbols and their merging, astral code points,
// the duplicate vocabulary piece, the zero-score piece ":00", ties, and texts far longer than 128 tokens.
"use strict";
const long = [
  "The quick brown fox jumps over the lazy dog while the committee debates the annual budget.",
  "Routing a request to the right model saves money, because small models answer easy questions well.",
  "Please summarise the following meeting notes and list every action item with its owner and due date.",
].join(" ").repeat(6);
const code = `def fibonacci(n: int) -> int:
    """Return the n-th Fibonacci number."""
    if n < 2:
        return n
    return fibonacci(n - 1) + fibonacci(n - 2)

print([fibonacci(i) for i in range(10)])  # => [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]`;
const csharp = "public static async Task<int> Main(string[] args) { await Console.Out.WriteLineAsync($\"{args.Length} args\"); return 0; }";
const stack = "Traceback (most recent call last):\n  File \"app.py\", line 42, in <module>\n    main()\nKeyError: 'user_id'";

module.exports = [
  "",
  " ",
  "   ",
  "a",
  "Hello world",
  "hello world",
  "HELLO WORLD",
  "  leading and trailing spaces  ",
  "multiple   internal    spaces",
  "How do I reset my password?",
  "fix it",
  "now do the same for New York",
  "try again but shorter",
  "Can you book a table for two at 7:00 pm tomorrow?",
  "The meeting is at 10:00, 12:00 and 14:00.",
  "Prices rose 5% in 2023 to $1,234.56 (approx. €1,100).",
  "I said “5 stars” and ”5 was what I meant",
  "Tabs\tand\nnewlines\r\nare not spaces",
  "non\u00a0breaking\u00a0space and\u2003em space",
  "ﬁne ﬂour ﬀ ligatures",
  "Ｆｕｌｌｗｉｄｔｈ ＡＳＣＩＩ １２３",
  "① ② ③ and ⅳ and x² and ½",
  "café naïve résumé coöperate",
  "cafe\u0301 nai\u0308ve composed by NFKC",
  "Ångström ÅNGSTRÖM",
  "Straße Größe",
  "日本語のテキストも含めます。",
  "中文句子：路由器应该选择正确的模型。",
  "한국어 문장입니다",
  "Привет, как дела?",
  "مرحبا بالعالم",
  "שלום עולם",
  "Ελληνικά γράμματα",
  "emoji 😀 👍🏽 🇩🇪 👨‍👩‍👧 done",
  "😀😀😀",
  "math 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝟙𝟚𝟛",
  "<s> </s> extra_token_id_1 are reserved pieces",
  "\u2581 literal separator \u2581\u2581",
  "\ufffd replacement char",
  "zero\u200bwidth\u200bspace and soft\u00adhyphen",
  "SELECT name, COUNT(*) FROM users WHERE age > 21 GROUP BY name ORDER BY 2 DESC;",
  "git rebase -i HEAD~3 && git push --force-with-lease origin feature/router",
  "https://example.com/path?query=1&other=two#fragment",
  "user@example.com wrote: <b>bold</b> & \"quoted\" 'single'",
  "snake_case camelCase PascalCase kebab-case SCREAMING_CASE",
  "{\"model\": \"router:software-engineering\", \"messages\": [{\"role\": \"user\"}]}",
  code,
  csharp,
  stack,
  long,
  "a".repeat(300),
  "ab ".repeat(100),
  "The end.",
];
