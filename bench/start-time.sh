#!/usr/bin/env bash
# Each function's JVM start in prod mode, as Knative runs it (Kafka pull trigger off): process launch -> first 200
# from /q/health/live, and its RSS at that moment; 3 runs each. Needs the packaged jars
# (mvn -B -q package -DskipTests) and PostgreSQL from the PG* variables (default 127.0.0.1:5432, user postgres).
# Kafka is not needed to answer liveness; the bootstrap address points at a closed port on purpose.
set -u
root="$(cd "$(dirname "$0")/.." && pwd)"
geoip="${EVENTFOLD_GEOIP_DIR:-$root/../shared/geoip}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS eventfold_start WITH (FORCE)" -c "CREATE DATABASE eventfold_start" 2>/dev/null
db="$PGHOST:$PGPORT/eventfold_start"
props=(-Dkafka.bootstrap.servers=127.0.0.1:9 "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://$db"
  "-Dquarkus.datasource.reactive.url=postgresql://$db" "-Dquarkus.datasource.username=$PGUSER"
  "-Dquarkus.datasource.password=${PGPASSWORD:-}" -Deventfold.api-key.pepper=start-time -Deventfold.admin.token=start-time
  "-Deventfold.geoip.dir=$geoip" "-Deventfold.geoip.city-db=$geoip/GeoIP2-City-Test.mmdb"
  -Deventfold.kafka-trigger.enabled=false)
for fn in ingest user-aggregator geo-enricher campaign-aggregator; do
  jar="$root/functions/$fn/target/quarkus-app/quarkus-run.jar"
  [ -f "$jar" ] || { echo "$fn: no $jar (build it first)"; continue; }
  for run in 1 2 3; do
    port=$((18000 + RANDOM % 1000))
    start=$(date +%s%N)
    java -Xmx1g "${props[@]}" -Dquarkus.http.port=$port -jar "$jar" > "/tmp/start-time-$fn.log" 2>&1 &
    pid=$!
    until curl -sf -o /dev/null "http://127.0.0.1:$port/q/health/live"; do
      kill -0 $pid 2>/dev/null || { echo "$fn exited; see /tmp/start-time-$fn.log"; break; }
      sleep 0.02
    done
    end=$(date +%s%N)
    rss=$(awk '/VmRSS/ {print int($2 / 1024)}' /proc/$pid/status 2>/dev/null)
    echo "$fn run $run: $(( (end - start) / 1000000 )) ms to the first 200, RSS ${rss:-?} MiB"
    kill $pid 2>/dev/null; wait $pid 2>/dev/null
  done
done
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS eventfold_start WITH (FORCE)" 2>/dev/null
