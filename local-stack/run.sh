#!/usr/bin/env bash
# The README's run command: builds what it needs, then runs dev.eventfold.localstack.run.Launcher (options: --help).
set -euo pipefail
cd "$(dirname "$0")/.."

build=1
args=()
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    --help|-h) build=0; args+=("$arg") ;; # the usage needs only the launcher, not a build of every function
    *) args+=("$arg") ;;
  esac
done

# Maven's console prints colour resets even in batch mode; keep the launcher's output clean
plain() { sed -u 's/\x1b\[[0-9;]*m//g'; }

classpath_goal=(dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/runtime.classpath)
if [ "$build" = 1 ]; then
  echo "==> building every module (mvn -B -q package -DskipTests)"
  mvn -B -q package -DskipTests "${classpath_goal[@]}" 2>&1 | plain
else
  mvn -B -q -pl shared-model,local-stack package -DskipTests "${classpath_goal[@]}" 2>&1 | plain
fi

exec java -cp "local-stack/target/classes:$(cat local-stack/target/runtime.classpath)" \
  dev.eventfold.localstack.run.Launcher ${args[@]+"${args[@]}"}
