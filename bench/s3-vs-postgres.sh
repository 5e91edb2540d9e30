#!/usr/bin/env bash
# Issue #15: deposit (ITI-65, 10 KiB PDF) and retrieve (ITI-68) with bodies in PostgreSQL and with
# bodies in S3 (S3Proxy, filesystem backend, on loopback), same build, same harness (LoadGenerator),
# one after the other in this run; then the storage per document in each store.
# Usage (from the repository root, after `mvn -B -q -DskipTests package`):
#   bench/s3-vs-postgres.sh [dossiers=2000] [clients=8] [warmup=30] [duration=15] [repeat=3]
# Everything lives under $WORK (default /tmp/carnet-s3-bench), deleted first. Loopback only.
set -euo pipefail
DOSSIERS=${1:-2000}; CLIENTS=${2:-8}; WARMUP=${3:-30}; DURATION=${4:-15}; REPEAT=${5:-3}
WORK=${WORK:-/tmp/carnet-s3-bench}
PORT=${PORT:-18480}; MPORT=$((PORT + 1)); S3PORT=$((PORT + 2)); DBPORT=$((PORT + 3))
JAR=carnet/target/carnet-exec.jar
BCP="bench/target/carnet-bench.jar:$(cat bench/target/classpath.txt)"
rm -rf "$WORK"; mkdir -p "$WORK"
if [ ! -s "$WORK/../carnet-s3-bench.cp" ]; then
  mvn -B -q -o -pl carnet dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/../carnet-s3-bench.cp" >/dev/null
fi
S3CP=$(cat "$WORK/../carnet-s3-bench.cp")
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

# S3Proxy: a real S3 API (AWS V4 signatures), objects as files under $WORK/s3
mkdir -p "$WORK/s3"
cat > "$WORK/s3proxy.properties" <<P
s3proxy.endpoint=http://127.0.0.1:$S3PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=bench
s3proxy.credential=bench-secret
jclouds.provider=filesystem
jclouds.identity=bench
jclouds.credential=bench-secret
jclouds.filesystem.basedir=$WORK/s3
P
java -cp "$S3CP" org.gaul.s3proxy.Main --properties "$WORK/s3proxy.properties" > "$WORK/s3proxy.log" 2>&1 &
PIDS+=($!)

export CARNET_HOME="$WORK/home" CARNET_DEMO_DATA=true CARNET_LOG_FORMAT=
export CARNET_CONTENT_S3_ENDPOINT=http://127.0.0.1:$S3PORT CARNET_CONTENT_S3_BUCKET=carnet-bench CARNET_CONTENT_S3_REGION=us-east-1
export CARNET_CONTENT_S3_ACCESS_KEY=bench CARNET_CONTENT_S3_SECRET_KEY=bench-secret CARNET_CONTENT_S3_CREATE_BUCKET=true
export CARNET_DATABASE_PORT=$DBPORT
java -jar $JAR generate-data "$DOSSIERS" 1 > "$WORK/generate.log" 2>&1
grep "generate-data:" "$WORK/generate.log"

psqlq() { psql -h 127.0.0.1 -p "$DBPORT" -U postgres -d postgres -At -c "$1"; }

serve() { # $1 = store
  CARNET_CONTENT_STORE=$1 PORT=$PORT CARNET_MANAGEMENT_PORT=$MPORT java -Xmx1g -jar $JAR > "$WORK/server-$1.log" 2>&1 &
  SERVER=$!; PIDS+=($SERVER)
  for _ in $(seq 1 240); do curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && return 0; sleep 1; done
  echo "server ($1) did not start"; tail -20 "$WORK/server-$1.log"; exit 1
}
stop() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; }
load() { # $1 = store, $2 = scenario
  echo "--- $1 $2 (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  java -cp "$BCP" health.carnet.bench.LoadGenerator --url "http://127.0.0.1:$PORT" --scenario "$2" --clients "$CLIENTS" \
    --warmup "$WARMUP" --duration "$DURATION" --repeat "$REPEAT" --dossiers "$DOSSIERS" | grep -E "^(run|summary)"
}

serve postgresql
load postgresql deposit
load postgresql retrieve
# the embedded PostgreSQL lives in the server's process: measure before stopping it
PG_DOCS=$(psqlq "select count(*) from document_content")
PG_BYTES=$(psqlq "select pg_total_relation_size('document_content')")
PG_TOAST=$(psqlq "select coalesce(pg_total_relation_size(reltoastrelid), 0) from pg_class where relname = 'document_content'")
ROW_BYTES=$(psqlq "select pg_total_relation_size('document') / greatest(count(*), 1) from document")
stop

# the generated bodies move to S3 (move-content-to-s3), then new deposits go there too
java -jar $JAR move-content-to-s3 > "$WORK/move.log" 2>&1; grep -i "moved" "$WORK/move.log" | tail -1
serve s3
load s3 deposit
load s3 retrieve
S3_ROWS=$(psqlq "select count(*) from document_content")
stop
S3_OBJECTS=$(find "$WORK/s3/carnet-bench" -type f | wc -l)
S3_BYTES=$(find "$WORK/s3/carnet-bench" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}')
S3_DISK=$(du -sb "$WORK/s3/carnet-bench" | cut -f1)
echo "--- storage"
echo "postgresql: $PG_DOCS bodies, document_content $PG_BYTES bytes (TOAST included: $PG_TOAST) = $((PG_BYTES / PG_DOCS)) bytes per 10 KiB body"
echo "s3: $S3_OBJECTS objects, $S3_BYTES bytes of objects = $((S3_BYTES / S3_OBJECTS)) bytes per object; on disk $((S3_DISK / S3_OBJECTS)) bytes per object; document_content rows left: $S3_ROWS"
echo "metadata row (document, indexes included, both stores): $ROW_BYTES bytes per document"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
