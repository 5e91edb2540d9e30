#!/usr/bin/env bash
# The README's "Current figures": ITI-67 search, ITI-68 retrieve, ITI-65 deposit and the mix through
# Carnet's whole request path (token, gate, audit, AES-GCM, HTTP), beside a same-run reference: pgbench
# on the same embedded PostgreSQL server (select-only, and simple-update with fsync on), same cores,
# same clients, minutes apart. Usage (from the repository root, after `mvn -B -q -DskipTests package`):
#   bench/current-figures.sh [dossiers=100000] [clients=16] [warmup=30] [duration=15] [repeat=3]
# Everything lives under $WORK (default /tmp/carnet-current-bench), deleted first. Loopback only.
set -euo pipefail
DOSSIERS=${1:-100000}; CLIENTS=${2:-16}; WARMUP=${3:-30}; DURATION=${4:-15}; REPEAT=${5:-3}
WORK=${WORK:-/tmp/carnet-current-bench}
PORT=${PORT:-18580}; MPORT=$((PORT + 1)); DBPORT=$((PORT + 3))
JAR=carnet/target/carnet-exec.jar
BCP="bench/target/carnet-bench.jar:$(cat bench/target/classpath.txt)"
PGBENCH=${PGBENCH:-$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench | tail -1)}
rm -rf "$WORK"; mkdir -p "$WORK"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1), $(git rev-parse --short HEAD)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
export CARNET_HOME="$WORK/home" CARNET_DEMO_DATA=true CARNET_LOG_FORMAT= CARNET_DATABASE_PORT=$DBPORT
java -jar $JAR generate-data "$DOSSIERS" 1 > "$WORK/generate.log" 2>&1
grep "generate-data:" "$WORK/generate.log" || tail -5 "$WORK/generate.log"

PORT=$PORT CARNET_MANAGEMENT_PORT=$MPORT java -Xmx768m -jar $JAR > "$WORK/server.log" 2>&1 &
SERVER=$!; PIDS+=($SERVER)
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break; sleep 1; done
curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null || { echo "server did not start"; tail -20 "$WORK/server.log"; exit 1; }

# the reference: PostgreSQL alone on the same server, same cores, same number of clients
psql -h 127.0.0.1 -p "$DBPORT" -U postgres -d postgres -qc "drop database if exists pgbench" -c "create database pgbench"
"$PGBENCH" -h 127.0.0.1 -p "$DBPORT" -U postgres -i -q -s 10 pgbench > "$WORK/pgbench-init.log" 2>&1
for mode in "-S" "-N"; do
  for r in $(seq 1 "$REPEAT"); do
    echo "--- pgbench $mode run $r (load average $(cut -d' ' -f1-3 /proc/loadavg))"
    "$PGBENCH" -h 127.0.0.1 -p "$DBPORT" -U postgres $mode -c "$CLIENTS" -j 2 -T "$DURATION" pgbench 2>&1 \
      | grep -E "^(tps|latency average)" | tr '\n' ' '; echo
  done
done
psql -h 127.0.0.1 -p "$DBPORT" -U postgres -d postgres -qc "drop database pgbench"

load() { # $1 = scenario, $2... = extra options
  local s=$1; shift
  echo "--- carnet $s (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  java -cp "$BCP" health.carnet.bench.LoadGenerator --url "http://127.0.0.1:$PORT" --scenario "$s" --clients "$CLIENTS" \
    --warmup "$WARMUP" --duration "$DURATION" --repeat "$REPEAT" --dossiers "$DOSSIERS" "$@" | grep -E "^(run|summary)"
}
load search
load retrieve
load mix
load deposit
echo "server RSS at end: $(( $(awk '/VmRSS/ {print $2}' /proc/$SERVER/status) / 1024 )) MiB"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
