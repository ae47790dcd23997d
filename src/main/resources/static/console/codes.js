// Which fact a code means, from the package's own recognition ConceptMaps read through the FHIR API, and how a
// result's value reads.
var FACTS = 'http://oncofhir.org/fhir/ConceptMap/';
var BIOMARKER_RESULT = 'http://oncofhir.org/fhir/CodeSystem/biomarker-result';
// ASCO/CAP 2020 (clinical-knowledge.md §4c): ER in 1-10 % of nuclei is reported as "ER Low Positive".
var ER_LOW_PERCENT = {from: 1, to: 10};

var maps = null;

function loadMaps() {
  return Promise.all(['observation-facts', 'answer-facts', 'condition-facts'].map(function (name) {
    return fhir('ConceptMap?url=' + encodeURIComponent(FACTS + name)).then(function (bundle) {
      var index = {};
      var map = bundle.entry && bundle.entry[0] && bundle.entry[0].resource;
      ((map && map.group) || []).forEach(function (group) {
        group.element.forEach(function (element) {
          index[group.source + '|' + element.code] = {
            fact: element.target && element.target[0] && element.target[0].code,
            display: element.display
          };
        });
      });
      return index;
    });
  })).then(function (indexes) {
    maps = {observation: indexes[0], answer: indexes[1], condition: indexes[2]};
  });
}

function codings(concept) {
  return (concept && concept.coding) || [];
}

function factOf(concept, index) {
  var found = codings(concept).map(function (c) { return index[c.system + '|' + c.code]; })
    .filter(function (m) { return m && m.fact; })[0];
  return found ? found.fact : null;
}

function label(concept) {
  if (!concept) return '';
  if (concept.text) return concept.text;
  var all = codings(concept);
  for (var i = 0; i < all.length; i++) {
    if (all[i].display) return all[i].display;
    var known = maps && (maps.observation[all[i].system + '|' + all[i].code]
      || maps.answer[all[i].system + '|' + all[i].code]);
    if (known && known.display) return known.display;
  }
  return all.map(function (c) { return c.code; }).join(', ');
}

function valueText(o) {
  if (o.valueCodeableConcept) return label(o.valueCodeableConcept);
  if (o.valueQuantity) {
    var q = o.valueQuantity;
    var unit = q.unit || q.code || '';
    return (q.comparator || '') + q.value + (unit === '%' ? ' %' : unit && unit.charAt(0) !== '{' ? ' ' + unit : '');
  }
  if (o.valueString !== undefined) return o.valueString;
  if (o.valueBoolean !== undefined) return String(o.valueBoolean);
  if (o.valueInteger !== undefined) return String(o.valueInteger);
  if (o.dataAbsentReason) return 'no value: ' + label(o.dataAbsentReason);
  return '';
}

function dateOf(o) {
  return o.effectiveDateTime || (o.effectivePeriod && o.effectivePeriod.start) || o.effectiveInstant
    || o.issued || '';
}

function percentOf(o, fact) {
  if (factOf(o.code, maps.observation) === fact && o.valueQuantity) return o.valueQuantity.value;
  var part = (o.component || []).filter(function (c) { return factOf(c.code, maps.observation) === fact; })[0];
  return part && part.valueQuantity ? part.valueQuantity.value : null;
}

function erLow(o) {
  var coded = codings(o.valueCodeableConcept).some(function (c) {
    return c.system === BIOMARKER_RESULT && c.code === 'low-positive';
  });
  var percent = percentOf(o, 'er-percent');
  return coded || (percent !== null && percent >= ER_LOW_PERCENT.from && percent <= ER_LOW_PERCENT.to);
}
