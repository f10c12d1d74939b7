#!/usr/bin/env bash
# A/B of two builds of user-aggregator (or any --only part) on the Kafka path: each side is the packaged functions of
# its own project root, run as its own bench invocation (own broker, same seeded workload), interleaved A B A B A B,
# so that drift of a shared machine hits both sides alike. Compare the medians and the per-pair CPU figures.
#   bench/ab.sh <rootA> <rootB> <outdir> [bench options, e.g. --events 300000 --users 30000 --partitions 4]
# Defaults to --only user-aggregator --reps 1 per invocation; 3 pairs (AB_PAIRS to change). Uses this tree's bench.jar
# (build it first: mvn -B -q -pl bench -am package -DskipTests). Run under flock /tmp/bench.lock.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
a="$(cd "$1" && pwd)"; b="$(cd "$2" && pwd)"; out="$3"; shift 3
mkdir -p "$out"
uptime | tee "$out/uptime-before"
for pair in $(seq 1 "${AB_PAIRS:-3}"); do
  for side in A B; do
    root="$a"; [[ "$side" == B ]] && root="$b"
    (cd "$root" && java -XX:+UseZGC -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
        -jar "$here/bench/target/bench.jar" --root "$root" --only user-aggregator --reps 1 \
        --out "$out/$side-$pair.md" "$@" > "$out/$side-$pair.log" 2>&1)
    echo "$side $pair: $(grep -h '^| Eventfold' "$out/$side-$pair.md" | cut -d'|' -f2-13)" | tee -a "$out/summary.txt"
  done
done
uptime | tee "$out/uptime-after"
