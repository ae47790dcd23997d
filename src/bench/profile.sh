#!/usr/bin/env bash
# Where the time goes, by Java Flight Recorder: starts target/oncofhir.jar on a fresh H2 file with the demo profile and
# records one window, then prints the share of CPU samples by thread, by the innermost frame from a library or our
# code (who does the work), and the hottest methods. Windows:
#   start      launch to readiness (the recording runs from the first instruction)
#   create     2,000 Observation creates, 8 clients (after 100 Patients and 200 unrecorded warm-up creates)
#   bundle     20 transaction Bundles of 100 Observations (after 2 unrecorded)
#   cds-local  CDS patient-view without prefetch (the service reads this server's store), 8 clients, 15 s
# Usage: src/bench/profile.sh start|create|bundle|cds-local [PORT=8094]   (build first: mvn -B -DskipTests package)
set -euo pipefail
MODE="${1:?start, create, bundle or cds-local}"; PORT="${2:-8094}"
source "$(dirname "$0")/common.sh"
JFR="$WORK/window.jfr"

if [[ $MODE == start ]]; then
  JAVA_OPTS="${JAVA_OPTS:-} -XX:StartFlightRecording=filename=$JFR,settings=profile,dumponexit=true"
fi
start_server "$WORK/run" --spring.profiles.active=demo
metadata_s=$STARTUP_S
began=$(date +%s.%N)
until curl -sf -o /dev/null "http://127.0.0.1:$PORT/actuator/health/readiness"; do sleep 0.1; done
echo "start to /fhir/metadata ${metadata_s}s, to readiness $(echo "$metadata_s + $(date +%s.%N) - $began" | bc)s"
record() { jcmd "$PID" JFR.start name=window settings=profile >/dev/null; "$@"; jcmd "$PID" JFR.stop name=window filename="$JFR" >/dev/null; }
case $MODE in
  start) ;;
  create)
    fhirload seed patients=100 ids="$WORK/ids" >/dev/null
    fhirload ingest ids="$WORK/ids" total=200 conc=8 warmup=0 >/dev/null
    record fhirload ingest ids="$WORK/ids" total=2000 conc=8 warmup=0 ;;
  bundle)
    fhirload seed patients=100 ids="$WORK/ids" >/dev/null
    fhirload bundle ids="$WORK/ids" size=100 count=2 warmup=0 >/dev/null
    record fhirload bundle ids="$WORK/ids" size=100 count=20 warmup=0 ;;
  cds-local)
    printf '{"hook":"patient-view","hookInstance":"bench","context":{"userId":"Practitioner/bench","patientId":"demo-hr-ultralow"}}' >"$WORK/body.json"
    java -cp "$WORK/cls" FhirLoad "http://127.0.0.1:$PORT/cds-services" cds service=oncofhir-breast-therapy \
      body="$WORK/body.json" conc=8 duration=5 warmup=300 >/dev/null
    record java -cp "$WORK/cls" FhirLoad "http://127.0.0.1:$PORT/cds-services" cds service=oncofhir-breast-therapy \
      body="$WORK/body.json" conc=8 duration=15 warmup=0 ;;
  *) echo "unknown window $MODE" >&2; exit 2 ;;
esac
stop_server
jfr print --json --events jdk.ExecutionSample --stack-depth 96 "$JFR" >"$WORK/samples.json"
jfr print --json --events jdk.ThreadPark,jdk.JavaMonitorEnter,jdk.FileForce,jdk.FileWrite,jdk.FileRead --stack-depth 96 \
  "$JFR" >"$WORK/waits.json"
python3 - "$WORK/samples.json" "$WORK/waits.json" <<'PY'
import collections, json, sys
events = json.load(open(sys.argv[1]))["recording"]["events"]
waits = json.load(open(sys.argv[2]))["recording"]["events"]
def stack(event):
    trace = event["values"].get("stackTrace") or {"frames": []}
    return [(f["method"]["type"]["name"] + "." + f["method"]["name"]).replace("/", ".") for f in trace["frames"]]
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
phases, methods, threads = collections.Counter(), collections.Counter(), collections.Counter()
for event in events:
    frames = stack(event)
    if not frames:
        continue
    methods[frames[0]] += 1
    thread = event["values"]["sampledThread"]["javaName"] or "?"
    threads["request threads" if "exec-" in thread else thread if thread in ("main", "conformance-install") else "other threads"] += 1
    # The innermost frame from a library or our code: who does the work (JDK frames count for their caller).
    phases[next((label for frame in frames for prefix, label in PHASES if frame.startswith(prefix)), "JDK only")] += 1
total = sum(phases.values())
print(f"{total} CPU samples (20 ms apart per thread); by thread:")
for thread, n in threads.most_common():
    print(f"  {100 * n / total:5.1f} %  {thread}")
print("by the innermost library frame:")
for phase, n in phases.most_common():
    print(f"  {100 * n / total:5.1f} %  {phase}")
print("hottest methods (top frame):")
for method, n in methods.most_common(12):
    print(f"  {100 * n / total:5.1f} %  {method}")
# Time not on the CPU: parked, blocked on a monitor, or in file I/O (JFR records waits over 20 ms, I/O over 20 ms),
# summed by event and the innermost frame outside the JDK.
def seconds(iso):
    # ISO-8601 durations as JFR prints them: PT0.316S, PT1M2.5S
    import re
    parts = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?", iso)
    return int(parts[1] or 0) * 3600 + int(parts[2] or 0) * 60 + float(parts[3] or 0)
waited = collections.Counter()
for event in waits:
    frames = stack(event)
    where = next((f for f in frames if not f.startswith(("java.", "jdk.", "sun."))), frames[0] if frames else "?")
    duration = event["values"]["duration"]
    waited[(event["type"].split(".")[-1], where)] += seconds(duration)
print("waiting (thread-seconds, longest first):")
for (kind, where), secs in waited.most_common(10):
    print(f"  {secs:7.1f} s  {kind:16s} {where}")
PY
