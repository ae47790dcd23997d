#!/usr/bin/env bash
# Where start-up time goes: starts target/oncofhir.jar once on a fresh H2 file with the demo profile and Java Flight
# Recorder on, stops recording at readiness, and prints the share of CPU samples by phase (the first frame from a
# known library or our code, read from the top of each stack) and the hottest methods.
# Usage: src/bench/startup-profile.sh [PORT=8094]      (build first: mvn -B -DskipTests package)
set -euo pipefail
PORT="${1:-8094}"
source "$(dirname "$0")/common.sh"

JAVA_OPTS="${JAVA_OPTS:-} -XX:StartFlightRecording=filename=$WORK/start.jfr,settings=profile,dumponexit=true"
start_server "$WORK/run" --spring.profiles.active=demo
metadata_s=$STARTUP_S
start=$(date +%s.%N)
until curl -sf -o /dev/null "http://127.0.0.1:$PORT/actuator/health/readiness"; do sleep 0.1; done
ready_s=$(echo "$metadata_s + $(date +%s.%N) - $start" | bc)
stop_server
echo "start to /fhir/metadata ${metadata_s}s, to readiness ${ready_s}s"
jfr print --json --events jdk.ExecutionSample --stack-depth 96 "$WORK/start.jfr" >"$WORK/samples.json"
python3 - "$WORK/samples.json" <<'PY'
import collections, json, sys
events = json.load(open(sys.argv[1]))["recording"]["events"]
# The phase of a sample: the outermost frame (from the thread's start) that names a part we can act on.
PHASES = [("org.oncofhir.conformance", "OncoFHIR conformance package / validator"),
          ("org.oncofhir.terminology", "OncoFHIR terminology index"),
          ("org.oncofhir.demo", "OncoFHIR demo data"),
          ("org.oncofhir", "OncoFHIR other"),
          ("ca.uhn.fhir.jpa.term", "HAPI terminology (TRM storage)"),
          ("ca.uhn.fhir.jpa.searchparam", "HAPI search parameters"),
          ("ca.uhn.fhir.jpa", "HAPI JPA other"),
          ("ca.uhn.fhir.context", "HAPI FhirContext / model scan"),
          ("ca.uhn.fhir", "HAPI other"),
          ("org.hl7.fhir", "HL7 core (validator, model)"),
          ("org.hibernate", "Hibernate"),
          ("org.springframework", "Spring"),
          ("org.h2", "H2"),
          ("org.apache.catalina", "Tomcat")]
phases, methods = collections.Counter(), collections.Counter()
for event in events:
    frames = [f["method"]["type"]["name"] + "." + f["method"]["name"] for f in event["values"]["stackTrace"]["frames"]]
    if not frames:
        continue
    methods[frames[0]] += 1
    phase = "JDK / other"
    for frame in reversed(frames):
        hit = next((label for prefix, label in PHASES if frame.startswith(prefix)), None)
        if hit and not frame.startswith("org.springframework"):
            phase = hit
            break
        if hit:
            phase = hit
    phases[phase] += 1
total = sum(phases.values())
print(f"{total} CPU samples (20 ms apart per thread)")
for phase, n in phases.most_common():
    print(f"  {100 * n / total:5.1f} %  {phase}")
print("hottest methods (top frame):")
for method, n in methods.most_common(12):
    print(f"  {100 * n / total:5.1f} %  {method}")
PY
