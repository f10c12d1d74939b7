#!/usr/bin/env bash
# activity-stream's push latency (ingest to the derived topic → visible in connected WebSocket clients), p50/p99.
# Needs the packaged function: mvn -B -q -pl functions/activity-stream -am package -DskipTests
# Arguments: [events/s, default 1000] [clients, default 200] [measured seconds, default 30]
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${BENCH_SKIP_BUILD:-}" != "1" ]]; then
  mvn -B -q -pl bench -am package -DskipTests
fi
exec java ${BENCH_JVM_OPTS:--XX:+UseZGC} -cp bench/target/bench.jar dev.eventfold.bench.ActivityStreamBench "$@"
