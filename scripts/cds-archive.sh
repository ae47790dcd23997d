#!/usr/bin/env bash
# Faster start with class-data sharing: extracts target/oncofhir.jar into DIR (default target/cds), records the
# classes one start loads (a training start on a scratch H2 file that exits as soon as the context is refreshed) and
# writes DIR/oncofhir.jsa. Start from it with:
#   java -XX:SharedArchiveFile=DIR/oncofhir.jsa -Xmx768m -jar DIR/oncofhir.jar [the usual options]
# Build the jar first (mvn -B -DskipTests package); redo this after every build and JDK update (a stale archive is
# ignored by the JVM with a warning, costing only the speed-up).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="$(realpath -m "${1:-$ROOT/target/cds}")"
JAR="$ROOT/target/oncofhir.jar"
[[ -f "$JAR" ]] || { echo "no $JAR: run mvn -B -DskipTests package first" >&2; exit 2; }
rm -rf "$DIR"
java -Djarmode=tools -jar "$JAR" extract --destination "$DIR" >/dev/null
scratch="$(mktemp -d)"; trap 'rm -rf "$scratch"' EXIT
(cd "$scratch" && java -XX:DumpLoadedClassList="$DIR/classes.lst" -Dspring.context.exit=onRefresh \
  -jar "$DIR/oncofhir.jar" --spring.profiles.active=demo --server.port=0 --server.address=127.0.0.1 \
  --oncofhir.security.enabled=false >"$DIR/training.log" 2>&1)
# OpenJDK 17.0.15 crashes (SIGSEGV in SystemDictionaryShared::adjust_lambda_proxy_class_dictionary) dumping lambda
# proxies, with -XX:ArchiveClassesAtExit too: archive the classes without them.
grep -v '^@lambda-' "$DIR/classes.lst" >"$DIR/classes-no-lambdas.lst"
java -Xshare:dump -XX:SharedClassListFile="$DIR/classes-no-lambdas.lst" -XX:SharedArchiveFile="$DIR/oncofhir.jsa" \
  -jar "$DIR/oncofhir.jar" >"$DIR/dump.log" 2>&1
echo "archive $DIR/oncofhir.jsa ($(du -m "$DIR/oncofhir.jsa" | cut -f1) MiB, $(wc -l <"$DIR/classes-no-lambdas.lst") classes);"
echo "start: java -XX:SharedArchiveFile=$DIR/oncofhir.jsa -Xmx768m -jar $DIR/oncofhir.jar ..."
