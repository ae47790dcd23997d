#!/usr/bin/env bash
# The official HL7 validator (6.7.9) with OncoFHIR as its terminology server (-tx): the check that the validator
# accepts this server (metadata features, TerminologyCapabilities) and gets its answers for LOINC, SNOMED CT, RxNorm
# and OncoFHIR's own code systems from it.
#
# Needs, once: `mvn -B -DskipTests package`, and `../shared/tools/hl7-validator/run.sh` run once (it builds the
# validator CLI and the offline package cache in $H, default /tmp/hl7v).
# Usage: scripts/hl7-validator-tx.sh            (prints a summary; logs and full output in $H/tx)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
H=${H:-/tmp/hl7v}
PORT=${PORT:-8097}
PKG=$(ls -t "$ROOT"/target/oncofhir-ig-*.tgz | head -1)
[ -f "$H/cli/target/validator-cli-local-6.7.9.jar" ] || { echo "run ../shared/tools/hl7-validator/run.sh first" >&2; exit 2; }
CP=$H/cli/target/validator-cli-local-6.7.9.jar:$(ls "$H"/cli/target/lib/*.jar | tr '\n' ':')
TX=$H/tx
rm -rf "$TX" && mkdir -p "$TX/home/.fhir" "$TX/cache" "$TX/inputs"
cp -al "$H/home/.fhir/packages" "$TX/home/.fhir/packages" 2>/dev/null || cp -a "$H/home/.fhir/packages" "$TX/home/.fhir/packages"
# The validator's "prohibitNetworkAccess" also blocks the terminology server on loopback: leave it out here. Other
# hosts are unreachable in CI anyway, and the validator falls back to the package cache.
echo '{ "ignoreDefaultPackageServers": true }' > "$TX/home/.fhir/fhir-settings.json"
vcli() { java -Xmx3g -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Duser.home="$TX/home" -cp "$CP" org.hl7.fhir.validation.cli.ValidatorCli "$@"; }

java -Xmx768m -jar "$ROOT/target/oncofhir.jar" --spring.profiles.active=demo --server.port="$PORT" \
  --spring.datasource.url="jdbc:h2:file:$TX/db" > "$TX/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 180); do
  curl -sf "http://localhost:$PORT/actuator/health/readiness" > /dev/null && break
  sleep 1
done
BASE="http://localhost:$PORT/fhir"

# A result using OncoFHIR's own code systems, validated without the package: the validator knows none of them
# locally, so it asks the server.
cat > "$TX/inputs/own-codes.json" <<'JSON'
{ "resourceType": "Observation", "status": "final",
  "code": { "coding": [ { "system": "http://loinc.org", "code": "48676-1" } ] },
  "valueCodeableConcept": { "coding": [
    { "system": "http://oncofhir.org/fhir/CodeSystem/her2-status", "code": "ultralow", "display": "HER2-ultralow" } ] },
  "component": [ { "code": { "coding": [ { "system": "http://oncofhir.org/fhir/CodeSystem/pdl1-assay", "code": "not-an-assay" } ] },
    "valueString": "x" } ] }
JSON

run() { local name=$1; shift; vcli "$@" -version 4.0.1 -tx "$BASE" -txCache "$TX/cache/$name" -txLog "$TX/$name-tx.txt" \
          -output "$TX/$name.json" > "$TX/$name.log" 2>&1 || true; }
run valid "$ROOT"/profiles/examples/valid/*.json -ig "$PKG"
# The bad-foreign-* examples break rules of the mCODE profiles, which ../shared/tools/hl7-validator checks with that
# package loaded; here only OncoFHIR's package is.
run invalid $(ls "$ROOT"/profiles/examples/invalid/*.json | grep -v /bad-foreign-) -ig "$PKG"
run own-codes "$TX/inputs/own-codes.json"

python3 - "$TX" <<'PY'
import json, re, sys, pathlib
tx = pathlib.Path(sys.argv[1])
def outcomes(name):
    d = json.loads((tx / f"{name}.json").read_text())
    entries = [e["resource"] for e in d.get("entry", [])] if d.get("resourceType") == "Bundle" else [d]
    for oo in entries:
        src = next((x.get("valueString") for x in oo.get("extension", []) if x["url"].endswith("operationoutcome-file")), "?")
        yield pathlib.Path(src).name, [i for i in oo.get("issue", []) if i["severity"] in ("error", "fatal")], oo.get("issue", [])
def requests(name):
    text = (tx / f"{name}-tx.txt").read_text(errors="replace") if (tx / f"{name}-tx.txt").exists() else ""
    return re.findall(r"(GET|POST) (\S+/(?:metadata[^ \n]*|\$[a-z-]+|ValueSet\?[^ \n]*))", text)
valid = list(outcomes("valid"))
invalid = list(outcomes("invalid"))
own = list(outcomes("own-codes"))
print(f"valid examples:   {sum(1 for _, e, _ in valid if not e)}/{len(valid)} with 0 errors")
for f, e, _ in valid:
    for i in e:
        print(f"   {f}: {i.get('details', {}).get('text') or i.get('diagnostics')}")
print(f"invalid examples: {sum(1 for _, e, _ in invalid if e)}/{len(invalid)} with errors")
reqs = requests("valid") + requests("invalid") + requests("own-codes")
kinds = {}
for method, url in reqs:
    key = method + " " + re.sub(r"^https?://[^/]+/fhir/", "", url).split("?")[0] + ("?mode=terminology" if "mode=terminology" in url else "")
    kinds[key] = kinds.get(key, 0) + 1
print("requests to OncoFHIR as -tx:", ", ".join(f"{k} x{v}" for k, v in sorted(kinds.items())) or "none")
for f, e, issues in own:
    print(f"own code systems, no package loaded: {len(e)} error(s)")
    for i in issues:
        print(f"   {i['severity']}: {i.get('details', {}).get('text') or i.get('diagnostics')}")
PY
