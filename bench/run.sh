#!/usr/bin/env bash
# Builds the benchmark (and what it needs) and runs it: prints the markdown table and writes bench/results/latest.md.
# Functions are benchmarked from their packaged jars; build them first, e.g.
#   mvn -B -q -pl functions/user-aggregator,functions/campaign-aggregator,functions/ingest -am package -DskipTests
# Options: see `bench/run.sh --help`.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${BENCH_SKIP_BUILD:-}" != "1" ]]; then
  mvn -B -q -pl bench -am package -DskipTests
fi
# ZGC: the load generator runs in this JVM, and a G1 pause here (up to 55 ms seen) would be counted as latency of
# the function under test
exec java ${BENCH_JVM_OPTS:--XX:+UseZGC} -Djava.util.logging.manager=org.jboss.logmanager.LogManager -jar bench/target/bench.jar "$@"
