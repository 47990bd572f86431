#!/usr/bin/env bash
# `make bench`: the numbers the README reports. Not part of CI: timings depend on the machine and its load.
#   1. sidecar added latency and ext_proc stream throughput, driven over real gRPC from a separate process;
#   2. the routing model's decision latency (the classifier config/router.yaml serves);
#   3. translation throughput and allocations per chunk (BenchmarkDotNet).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
config="${1:-Release}"
cd "$root"
bin="src/ExtProc/bin/$config/net10.0/extproc-router"
bench="tests/Benchmarks/bin/$config/net10.0/Benchmarks"
out="$root/artifacts/bench"; mkdir -p "$out"

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"

"$bin" serve --config config/router.yaml > "$out/sidecar.log" 2>&1 &
sidecar=$!
trap 'kill $sidecar 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fsS -o /dev/null http://127.0.0.1:9902/healthz 2>/dev/null && break; sleep 0.1; done

echo "## sidecar (separate process, real gRPC over TCP loopback)"
"$bench" sidecar-load --target http://127.0.0.1:50051 --rate "${RATE:-2000}" --seconds "${SECONDS_PER_RUN:-15}" --concurrency 64 | tee "$out/sidecar.md"
echo "sidecar RSS after the run: $(awk '/VmRSS/ {print $2/1024 " MiB"}' /proc/$sidecar/status)" | tee -a "$out/sidecar.md"
kill $sidecar; wait $sidecar 2>/dev/null || true

echo "## routing decision (serving classifier, 10 routes: short question, 2k-token conversation cold and as a warm follow-up)"
classifier="$(awk '/^ *classifier:/ {print $2; exit}' config/router.yaml)"
case "$classifier" in
  onnx*) "$bench" decision-latency "${DECISION_RUNS:-500}" "$classifier" | tee "$out/decision.md" ;;
  *) echo "config/router.yaml serves '$classifier': no ONNX decision latency to measure" ;;
esac

echo "## translation (BenchmarkDotNet)"
"$bench" --filter '*Translation*' --job short --exporters github --artifacts "$out/bdn" ${BDN_ARGS:-}
