#!/usr/bin/env node
// Plays Envoy's side of ext_proc against the sidecar's gRPC server with a real gRPC implementation
// (@grpc/grpc-js), loading the same Envoy protos the sidecar compiles.
//
//   node envoy-peer.js <target> <max-message-bytes> [protos-dir]
//     target: host:port or unix:/path/to.sock
//
// The server side is expected to run the deterministic scripted processor of the C# tests: the first
// request_headers message picks the scenario (header x-test-scenario), x-test-call-id names the call.
// Prints one JSON object {ok, scenarios: [{name, ok, detail}], cancelledCallIds} and exits 1 on any failure.
'use strict';

const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const [target, maxBytesArg, protosArg] = process.argv.slice(2);
if (!target || !maxBytesArg) {
  console.error('usage: node envoy-peer.js <target> <max-message-bytes> [protos-dir]');
  process.exit(2);
}
const maxMessageBytes = Number(maxBytesArg);
const protosDir = protosArg || path.resolve(__dirname, '../../.deps/protos');

const FAILURE_MESSAGE = 'bad request: ünïcødé 100% "quoted"\nnext line';
const SECRET = 'secret-detail-that-must-not-leak';
const SCENARIO_TIMEOUT_MS = 20000;

const definition = protoLoader.loadSync(
  ['envoy/service/ext_proc/v3/external_processor.proto', 'health/v1/health.proto'],
  { includeDirs: [protosDir], keepCase: false, longs: String, enums: String, defaults: false, oneofs: true });
const loaded = grpc.loadPackageDefinition(definition);
const ExternalProcessor = loaded.envoy.service.ext_proc.v3.ExternalProcessor;
const Health = loaded.grpc.health.v1.Health;

const processor = new ExternalProcessor(target, grpc.credentials.createInsecure());
const health = new Health(target, grpc.credentials.createInsecure());

let callCounter = 0;
const cancelledCallIds = [];

function header(key, value) {
  return { key, rawValue: Buffer.from(value, 'utf8') };
}

function requestHeaders(scenario, callId) {
  return {
    requestHeaders: {
      headers: {
        headers: [header(':method', 'POST'), header(':path', '/v1/chat/completions'),
          header('content-type', 'application/json'), header('x-test-scenario', scenario),
          header('x-test-call-id', callId)],
      },
    },
  };
}
const requestBody = (bytes) => ({ requestBody: { body: Buffer.alloc(bytes, 0x61), endOfStream: true } });
const responseHeaders = () => ({ responseHeaders: { headers: { headers: [header(':status', '200')] } } });
const responseBody = (text, end) => ({ responseBody: { body: Buffer.from(text), endOfStream: end } });

// Which reply answers which request, by oneof name.
const replyFor = {
  requestHeaders: 'requestHeaders', requestBody: 'requestBody',
  responseHeaders: 'responseHeaders', responseBody: 'responseBody',
};
const kindOf = (request) => Object.keys(request)[0];

function newCallId(name) {
  callCounter += 1;
  return `${name}-${callCounter}`;
}

/** Runs one Process stream: writes the messages, then half-closes; resolves with replies and final status. */
function processStream(messages, { deadlineMs, cancelAfterReplies } = {}) {
  return new Promise((resolve) => {
    const options = deadlineMs ? { deadline: Date.now() + deadlineMs } : {};
    const call = processor.process(new grpc.Metadata(), options);
    const replies = [];
    let error = null;
    call.on('data', (reply) => {
      replies.push(reply.response);
      if (cancelAfterReplies && replies.length === cancelAfterReplies) call.cancel();
    });
    call.on('error', (e) => { error = e; });
    call.on('status', (status) => resolve({ replies, status, error }));
    for (const message of messages) call.write(message);
    if (!cancelAfterReplies && !deadlineMs) call.end();
  });
}

function unary(client, method, request, options = {}) {
  return new Promise((resolve) => {
    client[method](request, options, (error, reply) => resolve({ error, reply }));
  });
}

function expect(condition, detail) {
  if (!condition) throw new Error(detail);
}

const scenarios = {
  async 'bidi stream: one reply per message, in order, then OK'() {
    const messages = [requestHeaders('echo', newCallId('echo')), requestBody(4096), responseHeaders(),
      responseBody('data: {"x":1}\n\n', false), responseBody('data: [DONE]\n\n', true)];
    const { replies, status } = await processStream(messages);
    expect(status.code === grpc.status.OK, `status ${status.code} ${status.details}`);
    const expected = messages.map((m) => replyFor[kindOf(m)]);
    expect(JSON.stringify(replies) === JSON.stringify(expected), `replies ${JSON.stringify(replies)}`);
    return `${replies.length} replies`;
  },

  async 'handler status: code and percent-encoded message in trailers'() {
    const { replies, status } = await processStream([requestHeaders('fail-status', newCallId('fail'))]);
    expect(replies.length === 1, `${replies.length} replies before the error`);
    expect(status.code === grpc.status.INVALID_ARGUMENT, `status ${status.code}`);
    expect(status.details === FAILURE_MESSAGE, `details ${JSON.stringify(status.details)}`);
    return status.details;
  },

  async 'handler status before any reply: trailers-only'() {
    const { replies, status } = await processStream([requestHeaders('fail-early', newCallId('early'))]);
    expect(replies.length === 0, `${replies.length} replies`);
    expect(status.code === grpc.status.PERMISSION_DENIED, `status ${status.code} ${status.details}`);
    return status.details;
  },

  async 'clean close without replies: OK (Envoy continues without the processor)'() {
    const { replies, status } = await processStream([requestHeaders('close', newCallId('close'))]);
    expect(replies.length === 0, `${replies.length} replies`);
    expect(status.code === grpc.status.OK, `status ${status.code} ${status.details}`);
    return 'OK';
  },

  async 'handler crash: INTERNAL without internals'() {
    const { status } = await processStream([requestHeaders('throw', newCallId('throw'))]);
    expect(status.code === grpc.status.INTERNAL, `status ${status.code}`);
    expect(!status.details.includes(SECRET), 'exception detail leaked');
    return status.details;
  },

  async 'oversized message: RESOURCE_EXHAUSTED'() {
    const { status } = await processStream([requestHeaders('echo', newCallId('big')), requestBody(maxMessageBytes + 1024)]);
    expect(status.code === grpc.status.RESOURCE_EXHAUSTED, `status ${status.code} ${status.details}`);
    return status.details;
  },

  async 'deadline: DEADLINE_EXCEEDED'() {
    const { status } = await processStream([requestHeaders('hang', newCallId('deadline'))], { deadlineMs: 300 });
    expect(status.code === grpc.status.DEADLINE_EXCEEDED, `status ${status.code} ${status.details}`);
    return status.details;
  },

  async 'client cancel: CANCELLED'() {
    const callId = newCallId('cancel');
    const { status } = await processStream([requestHeaders('hang', callId)], { cancelAfterReplies: 1 });
    expect(status.code === grpc.status.CANCELLED, `status ${status.code}`);
    cancelledCallIds.push(callId);
    return callId;
  },

  async '100 concurrent streams'() {
    const runs = Array.from({ length: 100 }, (_, i) =>
      processStream([requestHeaders('echo', newCallId('many')), requestBody(100 + i)]));
    const results = await Promise.all(runs);
    const bad = results.filter((r) => r.status.code !== grpc.status.OK || r.replies.length !== 2);
    expect(bad.length === 0, `${bad.length} failed, e.g. ${JSON.stringify(bad[0] && bad[0].status)}`);
    return `${results.length} OK`;
  },

  async 'health Check: SERVING'() {
    for (const service of ['', 'envoy.service.ext_proc.v3.ExternalProcessor']) {
      const { error, reply } = await unary(health, 'check', { service });
      expect(!error, `error ${error && error.code} ${error && error.details}`);
      expect(reply.status === 'SERVING', `status ${reply.status} for '${service}'`);
    }
    return 'SERVING';
  },

  async 'health Check: unknown service NOT_FOUND'() {
    const { error } = await unary(health, 'check', { service: 'no.such.Service' });
    expect(error && error.code === grpc.status.NOT_FOUND, `got ${error ? error.code : 'a reply'}`);
    return error.details;
  },

  async 'unknown method: UNIMPLEMENTED'() {
    const client = new grpc.Client(target, grpc.credentials.createInsecure());
    const result = await new Promise((resolve) => {
      client.makeUnaryRequest('/grpc.health.v1.Health/NoSuchMethod', (x) => x, (x) => x, Buffer.alloc(0),
        (e) => resolve(e));
    });
    client.close();
    expect(result && result.code === grpc.status.UNIMPLEMENTED, `got ${result ? result.code : 'a reply'}`);
    return result.details;
  },
};

function withTimeout(promise, ms) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  })]).finally(() => clearTimeout(timer));
}

(async () => {
  const results = [];
  for (const [name, run] of Object.entries(scenarios)) {
    try {
      const detail = await withTimeout(run(), SCENARIO_TIMEOUT_MS);
      results.push({ name, ok: true, detail });
    } catch (e) {
      results.push({ name, ok: false, detail: e.message });
    }
  }
  processor.close();
  health.close();
  const ok = results.every((r) => r.ok);
  process.stdout.write(`${JSON.stringify({ ok, scenarios: results, cancelledCallIds })}\n`);
  process.exit(ok ? 0 : 1);
})();
