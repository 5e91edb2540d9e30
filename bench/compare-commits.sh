#!/usr/bin/env bash
# A peer reference for the request path: two builds of Carnet (two commits) measured one after the
# other on the same machine, the same data size and the same load generator (this checkout's), so that
# a change in the figures can be told from a change in the machine. Usage, from the repository root,
# after `mvn -B -q -DskipTests package` here and in the other checkout:
#   bench/compare-commits.sh OTHER_CHECKOUT [dossiers=20000] [clients=16] [warmup=20] [duration=10] [repeat=2]
# Each build gets a fresh home under $WORK (default /tmp/carnet-compare), generate-data DOSSIERS 1, its
# server on the embedded defaults (-Xmx768m), then ITI-68 retrieve and ITI-67 search. Loopback only.
set -euo pipefail
OTHER=$1; DOSSIERS=${2:-20000}; CLIENTS=${3:-16}; WARMUP=${4:-20}; DURATION=${5:-10}; REPEAT=${6:-2}
WORK=${WORK:-/tmp/carnet-compare}
PORT=${PORT:-18680}; MPORT=$((PORT + 1)); DBPORT=$((PORT + 3))
BCP="bench/target/carnet-bench.jar:$(cat bench/target/classpath.txt)"
rm -rf "$WORK"; mkdir -p "$WORK"
SERVER=
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

measure() { # $1 = label, $2 = checkout
  local label=$1 dir=$2 jar="$2/carnet/target/carnet-exec.jar"
  echo "=== $label: $(git -C "$dir" rev-parse --short HEAD) $(git -C "$dir" log -1 --format=%cd --date=short)"
  export CARNET_HOME="$WORK/$label" CARNET_DEMO_DATA=true CARNET_LOG_FORMAT= CARNET_DATABASE_PORT=$DBPORT
  java -jar "$jar" generate-data "$DOSSIERS" 1 > "$WORK/$label-generate.log" 2>&1
  PORT=$PORT CARNET_MANAGEMENT_PORT=$MPORT java -Xmx768m -jar "$jar" > "$WORK/$label-server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$PORT/fhir/metadata" >/dev/null 2>&1 && break; sleep 1; done
  sleep 5
  for s in retrieve search; do
    echo "--- $label $s (load average $(cut -d' ' -f1-3 /proc/loadavg))"
    java -cp "$BCP" health.carnet.bench.LoadGenerator --url "http://127.0.0.1:$PORT" --scenario "$s" --clients "$CLIENTS" \
      --warmup "$WARMUP" --duration "$DURATION" --repeat "$REPEAT" --dossiers "$DOSSIERS" | grep -E "^(run|summary)"
  done
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=
}
measure other "$OTHER"
measure this .
# the other build once more shows how much the machine itself moved during the comparison (AGAIN=0 skips it)
[ "${AGAIN:-1}" = 1 ] && measure other-again "$OTHER"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
