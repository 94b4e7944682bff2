#!/usr/bin/env bash
# Runs the Clouvel benchmarks and prints one table of every figure beside its peer and target.
#
#   benchmarks/run.sh quick            # all of them, short iterations, one fork (< 10 min on 2 cores)
#   benchmarks/run.sh full             # all of them, more and longer iterations
#   benchmarks/run.sh quick memory pg  # only some parts: inmemory pipeline footprint pg pgenqueue pickup h2
#   JMH_EXTRA="-prof jfr" benchmarks/run.sh quick inmemory   # any extra JMH options (here: JFR recordings)
#
# Builds benchmarks/target/benchmarks.jar when it is missing or older than the sources. Results go to
# benchmarks/results/<profile>-<timestamp>.json (all parts merged) with the console log beside it.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
profile="${1:-quick}"
shift || true
jar="$here/target/benchmarks.jar"

case "$profile" in
  quick|full) ;;
  *) echo "usage: $0 quick|full [part...]" >&2; exit 2 ;;
esac

if [[ ! -f "$jar" ]] || [[ -n "$(find "$here/src" "$here/pom.xml" "$root/sdk-core/src/main" -newer "$jar" -type f -print -quit)" ]]; then
  echo "# Building $jar"
  (cd "$root" && ./mvnw -B -q -Dquick package -pl benchmarks -am -DskipTests)
fi

# part ; include regex ; quick options ; full options
parts=(
  "inmemory;ai.clouvel.benchmarks.queue.*;-wi 2 -w 1 -i 3 -r 1;-wi 3 -w 2 -i 15 -r 2"
  "pipeline;ai.clouvel.benchmarks.pipeline.*;-wi 5 -w 1 -i 3 -r 1;-wi 5 -w 2 -i 5 -r 2"
  "footprint;ai.clouvel.benchmarks.memory.*;-wi 0 -i 1;-wi 0 -i 1"
  "pg;ai.clouvel.benchmarks.jdbc.(Postgres|DbScheduler|PostgresWorker)BurnDownBenchmark.*;-wi 0 -i 1;-wi 1 -i 3"
  "pgenqueue;ai.clouvel.benchmarks.jdbc.PostgresEnqueueBenchmark.*;-wi 1 -w 2 -i 3 -r 2;-wi 2 -w 5 -i 5 -r 5"
  "pickup;ai.clouvel.benchmarks.jdbc.PostgresPickupLatencyBenchmark.*;-wi 1 -w 2 -i 3 -r 3;-wi 1 -w 5 -i 5 -r 10"
  "h2;ai.clouvel.benchmarks.jdbc.H2BurnDownBenchmark.*;-wi 0 -i 1;-wi 1 -i 3"
)

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="$here/results"
work="$out/.parts-$profile-$stamp"
mkdir -p "$work"
log="$out/$profile-$stamp.log"

{
  echo "# Clouvel benchmarks, profile $profile, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "# Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "# JDK: $(java -version 2>&1 | head -1)"
} | tee "$log"

wanted=("$@")
for entry in "${parts[@]}"; do
  IFS=';' read -r name regex quick full <<<"$entry"
  if [[ ${#wanted[@]} -gt 0 ]] && [[ ! " ${wanted[*]} " == *" $name "* ]]; then
    continue
  fi
  opts="$quick"
  [[ "$profile" == full ]] && opts="$full"
  echo "# Part $name: $regex $opts ${JMH_EXTRA:-}" | tee -a "$log"
  # shellcheck disable=SC2086
  java -jar "$jar" "$regex" -f 1 $opts ${JMH_EXTRA:-} -rf json -rff "$work/$name.json" 2>&1 | tee -a "$log" \
    || echo "# Part $name failed; its figures show as n/a" | tee -a "$log"
done

results="$out/$profile-$stamp.json"
echo | tee -a "$log"
shopt -s nullglob
java -cp "$jar" ai.clouvel.benchmarks.Report --merge "$results" "$work"/*.json /dev/null | tee -a "$log"
rm -rf "$work"
echo "# Results: $results"
echo "# Log:     $log"
