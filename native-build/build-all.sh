#!/usr/bin/env bash
# Builds every Eventfold function as a native executable and a container image, with one command.
#
#   native-build/build-all.sh                      native, with GraalVM/Mandrel installed locally (native-image)
#   native-build/build-all.sh --container-build    native, inside the Mandrel builder container (Docker or Podman)
#   native-build/build-all.sh --jvm                JVM fast-jar images instead (no GraalVM needed)
#
# Options:
#   --verify           mvn verify instead of package: the unit tests, then every *IT against the native executable
#                      (or, with --jvm, against the jar)
#   --tag TAG          image tag (default: dev); images are named eventfold/<function>:TAG
#   --no-images        build the executables (or jars) only, no container images
#   --runtime NAME     docker or podman (default: $CONTAINER_RUNTIME, else docker)
#   --dry-run          print the commands instead of running them
#   FUNCTION...        only these functions (default: every module under functions/ with a Quarkus build)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODE=native
CONTAINER_BUILD=false
GOAL=package
TAG=dev
IMAGES=true
RUNTIME="${CONTAINER_RUNTIME:-docker}"
DRY_RUN=false
FUNCTIONS=()

while [[ $# -gt 0 ]]; do
  case "$1" in
    --container-build) CONTAINER_BUILD=true ;;
    --jvm) MODE=jvm ;;
    --verify) GOAL=verify ;;
    --tag) TAG="$2"; shift ;;
    --no-images) IMAGES=false ;;
    --runtime) RUNTIME="$2"; shift ;;
    --dry-run) DRY_RUN=true ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    *) FUNCTIONS+=("$1") ;;
  esac
  shift
done

run() {
  echo "+ $*"
  if [[ "$DRY_RUN" == false ]]; then
    "$@"
  fi
}

# Every function module: a folder of functions/ whose pom runs the Quarkus build (the runtime is a library).
if [[ ${#FUNCTIONS[@]} -eq 0 ]]; then
  for pom in "$ROOT"/functions/*/pom.xml; do
    if grep -q '<artifactId>quarkus-maven-plugin</artifactId>' "$pom"; then
      FUNCTIONS+=("$(basename "$(dirname "$pom")")")
    fi
  done
fi
for function in "${FUNCTIONS[@]}"; do
  if [[ ! -f "$ROOT/functions/$function/pom.xml" ]]; then
    echo "no module functions/$function" >&2
    exit 2
  fi
done
if [[ ${#FUNCTIONS[@]} -eq 0 ]]; then
  echo "no function modules found under $ROOT/functions" >&2
  exit 2
fi

# The project version: the first <version> after the parent's artifactId in the root pom.
VERSION="$(sed -n '/<artifactId>eventfold-parent<\/artifactId>/,/<\/version>/s:.*<version>\(.*\)</version>.*:\1:p' \
  "$ROOT/pom.xml" | head -n 1)"

MODULES="$(printf 'functions/%s,' "${FUNCTIONS[@]}")"
MODULES="${MODULES%,}"
MAVEN_ARGS=(-B -f "$ROOT/pom.xml" "$GOAL" -pl "$MODULES" -am)
if [[ "$GOAL" == package ]]; then
  MAVEN_ARGS+=(-DskipTests)
fi
if [[ "$MODE" == native ]]; then
  # The parent's native profile: native executables, no jar, and the *IT suites on (mvn verify).
  MAVEN_ARGS+=(-Dnative)
  if [[ "$CONTAINER_BUILD" == true ]]; then
    # The Mandrel builder image Quarkus names "mandrel" (a UBI image with Mandrel for the Quarkus release).
    MAVEN_ARGS+=(-Dquarkus.native.container-build=true -Dquarkus.native.builder-image=mandrel
      "-Dquarkus.native.container-runtime=$RUNTIME")
  elif [[ "$DRY_RUN" == false ]] && ! command -v native-image >/dev/null 2>&1; then
    echo "native-image is not on PATH: install GraalVM/Mandrel (GRAALVM_HOME), or use --container-build or --jvm" >&2
    exit 1
  fi
elif [[ "$GOAL" == verify ]]; then
  # The *IT suites against the packaged jar (the parent skips them unless asked).
  MAVEN_ARGS+=(-DskipITs=false)
fi

echo "Building ${FUNCTIONS[*]} ($MODE, version $VERSION)"
run mvn "${MAVEN_ARGS[@]}"

if [[ "$IMAGES" == true ]]; then
  for function in "${FUNCTIONS[@]}"; do
    run "$RUNTIME" build -f "$ROOT/native-build/Dockerfile.$MODE" \
      --build-arg "FUNCTION=$function" --build-arg "VERSION=$VERSION" \
      -t "eventfold/$function:$TAG" "$ROOT"
  done
  echo "Images: $(printf 'eventfold/%s:'"$TAG"' ' "${FUNCTIONS[@]}")"
fi
