#!/usr/bin/env bash
# Fetches the pinned third-party artifacts into the git-ignored .deps/ folder.
# Idempotent: a package whose recorded integrity matches its stamp is not fetched again.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
deps="$root/.deps"
lock="$root/scripts/third_party.lock"
mkdir -p "$deps/cache"

die() { echo "setup: $*" >&2; exit 1; }

command -v npm >/dev/null || die "npm is not installed (node 20 with npm is required)."

sha512_of() { echo "sha512-$(openssl dgst -sha512 -binary "$1" | base64 -w0)"; }

fetch_npm() { # spec integrity folder
  local spec="$1" integrity="$2" folder="$3"
  local stamp="$deps/$folder/.integrity"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$integrity" ]]; then return; fi
  echo "setup: fetching $spec"
  local tgz
  tgz=$(cd "$deps/cache" && npm pack "$spec" --silent --ignore-scripts 2>"$deps/cache/npm.err" | tail -n 1) \
    || die "cannot fetch $spec from the npm registry ($(tail -n 3 "$deps/cache/npm.err" | tr '\n' ' '))"
  local actual
  actual=$(sha512_of "$deps/cache/$tgz")
  [[ "$actual" == "$integrity" ]] || die "integrity mismatch for $spec: expected $integrity, got $actual"
  rm -rf "$deps/$folder" && mkdir -p "$deps/$folder"
  tar -xzf "$deps/cache/$tgz" -C "$deps/$folder" --strip-components=1
  echo "$integrity" > "$stamp"
}

while read -r spec integrity folder; do
  [[ -z "$spec" || "$spec" == \#* ]] && continue
  fetch_npm "$spec" "$integrity" "$folder"
done < "$lock"

# The Envoy protos: only the import closure of the roots this project compiles, CRLF normalised.
protos="$deps/protos"
roots_file="$root/proto/roots.txt"
stamp="$protos/.roots"
if [[ ! -f "$stamp" ]] || ! cmp -s "$stamp" "$roots_file"; then
  echo "setup: collecting the Envoy proto import closure"
  rm -rf "$protos" && mkdir -p "$protos"
  search_dirs=("$deps/grpc-js-xds/deps/envoy-api" "$deps/grpc-js-xds/deps/xds" "$deps/grpc-js-xds/deps/googleapis"
               "$deps/grpc-js-xds/deps/protoc-gen-validate" "$deps/grpc-health-check/proto")
  declare -A seen=()
  queue=()
  while read -r r; do [[ -n "$r" && "$r" != \#* ]] && queue+=("$r"); done < "$roots_file"
  while ((${#queue[@]})); do
    p="${queue[0]}"; queue=("${queue[@]:1}")
    [[ -n "${seen[$p]:-}" ]] && continue
    seen[$p]=1
    [[ "$p" == google/protobuf/* ]] && continue   # well-known types ship with Grpc.Tools
    src=""
    for d in "${search_dirs[@]}"; do [[ -f "$d/$p" ]] && { src="$d/$p"; break; }; done
    [[ -n "$src" ]] || die "proto $p not found in the fetched packages"
    mkdir -p "$protos/$(dirname "$p")"
    tr -d '\r' < "$src" > "$protos/$p"
    while read -r imp; do queue+=("$imp"); done < <(sed -n 's/^import\( public\)\? *"\([^"]*\)";.*/\2/p' "$protos/$p")
  done
  # The PGV copy shipped beside Envoy's protos predates StringRules.ignore_empty (field 26 upstream),
  # which two Envoy protos use; declare it so that protoc accepts them.
  grep -q 'ignore_empty' "$protos/validate/validate.proto" ||
    sed -i 's/^\(  optional bool strict *= 25 \[default = true\];\)$/\1\n  optional bool ignore_empty = 26;/' "$protos/validate/validate.proto"
  grep -q 'ignore_empty' "$protos/validate/validate.proto" || die "could not patch validate.proto"
  cp "$roots_file" "$stamp"
  echo "setup: $(find "$protos" -name '*.proto' | wc -l) proto files in .deps/protos"
fi

# Real gRPC peer for interop tests (versions and sha512 pinned by package-lock.json).
if [[ -f "$root/tests/interop/package-lock.json" ]]; then
  if [[ ! -d "$root/tests/interop/node_modules" || "$root/tests/interop/package-lock.json" -nt "$root/tests/interop/node_modules/.stamp" ]]; then
    echo "setup: installing the npm test peers"
    (cd "$root/tests/interop" && npm ci --ignore-scripts --no-audit --no-fund --silent) || die "npm ci failed in tests/interop (is the npm registry reachable?)"
    touch "$root/tests/interop/node_modules/.stamp"
  fi
fi
# The web console's browser tests drive Debian's chromium through playwright-core (pinned by its package-lock.json).
if [[ -f "$root/tests/console/package-lock.json" ]]; then
  if [[ ! -d "$root/tests/console/node_modules" || "$root/tests/console/package-lock.json" -nt "$root/tests/console/node_modules/.stamp" ]]; then
    echo "setup: installing the console test driver"
    (cd "$root/tests/console" && npm ci --ignore-scripts --no-audit --no-fund --silent) || die "npm ci failed in tests/console (is the npm registry reachable?)"
    touch "$root/tests/console/node_modules/.stamp"
  fi
fi
# The Redis session-pinning tests start a real redis-server (Debian package) on a Unix socket; the console tests
# need a browser (playwright-core brings none: its own download is not allowed here).
apt_packages=()
command -v redis-server >/dev/null || apt_packages+=(redis-server)
[[ -x /usr/bin/chromium ]] || apt_packages+=(chromium)
if ((${#apt_packages[@]})); then
  echo "setup: installing ${apt_packages[*]}"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_packages[@]}" >/dev/null) ||
    die "cannot install ${apt_packages[*]} (apt-get)"
fi
echo "setup: ok"
