#!/usr/bin/env bash
# `make run`: the sidecar, plus Envoy with envoy/envoy.yaml when `envoy` is on PATH, otherwise the standalone front
# door on :8080. Without provider keys in the environment, the built-in simulated provider answers on :8081.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
config="${CONFIG:-Release}"
bin="$root/src/ExtProc/bin/$config/net10.0/extproc-router"
[[ -x "$bin" ]] || { echo "run: $bin is missing; run 'make build' first" >&2; exit 1; }
cd "$root"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

wait_for() { # url name
  for _ in $(seq 1 100); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "run: $2 did not come up at $1" >&2; exit 1
}

if [[ -z "${OPENAI_API_KEY:-}${ANTHROPIC_API_KEY:-}${GEMINI_API_KEY:-}" ]]; then
  echo "run: no provider keys in the environment: starting the SIMULATED provider on :8081 (deterministic echo, not a model)"
  "$bin" simulate --listen http://127.0.0.1:8081 & pids+=($!)
  wait_for http://127.0.0.1:8081/healthz "simulated provider"
fi

"$bin" serve --config config/router.yaml & pids+=($!)
wait_for http://127.0.0.1:9902/healthz "sidecar admin"

if command -v envoy >/dev/null; then
  echo "run: starting Envoy with envoy/envoy-tcp.yaml (the sidecar listens on 127.0.0.1:50051)"
  envoy -c envoy/envoy-tcp.yaml & pids+=($!)
else
  echo "run: no envoy on PATH: starting the standalone front door on :8080 (production uses Envoy)"
  "$bin" gateway --config config/gateway.yaml & pids+=($!)
fi
wait_for http://127.0.0.1:8080/healthz "front door"
cat <<'MSG'
run: ready. Try:
  curl -s http://127.0.0.1:8080/v1/chat/completions -H 'content-type: application/json' \
    -d '{"model": "sim-echo", "messages": [{"role": "user", "content": "Hello!"}]}'
MSG
wait -n "${pids[@]}"
