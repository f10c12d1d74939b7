#!/usr/bin/env bash
# webhooks delivery: derived events → local endpoints (some slow, some failing), deliveries/s and p50/p99 latency.
# Needs the packaged function: mvn -B -q -pl functions/webhooks -am package -DskipTests
# Arguments: [events/s, default 20] [endpoints, default 100] [measured seconds, default 30]
#            [warm-up seconds at the same rate, not measured, default 30]
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${BENCH_SKIP_BUILD:-}" != "1" ]]; then
  mvn -B -q -pl bench -am package -DskipTests
fi
exec java ${BENCH_JVM_OPTS:--XX:+UseZGC} -cp bench/target/bench.jar dev.eventfold.bench.WebhooksBench "$@"
