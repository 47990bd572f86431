// Records reference token ids from the JS tokenizer that ships with @energetic-ai/embeddings (the TF.js
// Universal Sentence Encoder Lite tokenizer), so that the C# port can be tested for exact equality.
// Usage: npm ci --ignore-scripts && node record.js ../../../.deps/model-embeddings-en/dist/vocab.json OUT.json
"use strict";
const fs = require("fs");
const { EmbeddingsModel } = require("@energetic-ai/embeddings");
const sentences = require("./sentences.js");

const [vocabPath, outPath] = process.argv.slice(2);
if (!vocabPath || !outPath) {
  console.error("usage: node record.js VOCAB.json OUT.json");
  process.exit(2);
}
const vocabulary = JSON.parse(fs.readFileSync(vocabPath, "utf8"));
// The model is not needed to tokenize; EmbeddingsModel builds the tokenizer from the vocabulary alone.
const tokenizer = new EmbeddingsModel({ vocabulary, model: null }).tokenizer;

const cases = sentences.map((text) => ({ text, ids: tokenizer.encode(text) }));
const header = {
  generator: "scripts/reference/tokenizer/record.js",
  tokenizer: "@energetic-ai/embeddings@" + require("@energetic-ai/embeddings/package.json").version,
  node: process.version,
  icu: process.versions.icu,
  unicode: process.versions.unicode,
};
// One case per line keeps the committed file reviewable in diffs.
const lines = cases.map((c) => "  " + JSON.stringify(c));
const head = JSON.stringify(header, null, 2).replace(/\n}$/, ",\n");
fs.writeFileSync(outPath, head + '  "cases": [\n' + lines.join(",\n") + "\n  ]\n}\n");
console.log(`wrote ${cases.length} cases to ${outPath}`);
