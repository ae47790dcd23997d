// The biomarker panel: the current result of each marker with date, specimen and status; earlier ones as
// superseded, withdrawn ones as such, unrecognised codes listed rather than left out.
var MARKERS = [
  {id: 'her2-ihc', label: 'HER2 IHC', facts: ['her2-ihc']},
  {id: 'her2-ish', label: 'HER2 ISH', facts: ['her2-ish', 'her2-ish-ratio', 'her2-ish-copies']},
  {id: 'er', label: 'ER', facts: ['er', 'er-percent']},
  {id: 'pr', label: 'PR', facts: ['pr', 'pr-percent']},
  {id: 'pdl1', label: 'PD-L1', facts: ['pdl1', 'pdl1-tps', 'pdl1-cps', 'pdl1-ic']},
  {id: 'lvef', label: 'LVEF', facts: ['lvef']}
];
var WITHDRAWN = {'entered-in-error': 'retracted (entered in error)', 'cancelled': 'cancelled'};

function markerOf(o) {
  var fact = factOf(o.code, maps.observation);
  return MARKERS.filter(function (m) { return m.facts.indexOf(fact) >= 0; })[0] || null;
}

function specimenLabel(o) {
  var ref = o.specimen;
  if (!ref) return o.bodySite ? label(o.bodySite) : '';
  var found = patient.specimens.filter(function (s) { return 'Specimen/' + s.id === ref.reference; })[0];
  var parts = found ? [label(found.type), found.collection && label(found.collection.bodySite),
    found.collection && found.collection.collectedDateTime] : [];
  return ref.display || parts.filter(Boolean).join(', ') || ref.reference || '';
}

function details(o, marker) {
  var parts = [];
  if (o.method) parts.push('method: ' + label(o.method));
  (o.component || []).forEach(function (c) {
    parts.push(label(c.code) + ': ' + valueText(c));
  });
  (o.interpretation || []).forEach(function (i) { parts.push('interpretation: ' + label(i)); });
  var cell = el('td', {text: parts.join('; ')});
  if (marker.id === 'er' && erLow(o)) {
    cell.insertBefore(el('span', {className: 'flag', text: 'ER-low'}), cell.firstChild);
  }
  return cell;
}

function byDateDesc(a, b) {
  return dateOf(b).localeCompare(dateOf(a));
}

function renderPanel() {
  var body = $('biomarkers').tBodies[0];
  body.textContent = '';
  var unrecognised = [];
  var groups = {};
  patient.observations.forEach(function (o) {
    var marker = markerOf(o);
    if (marker) (groups[marker.id] = groups[marker.id] || []).push(o);
    else if (!factOf(o.code, maps.observation)) unrecognised.push(o);
  });
  MARKERS.forEach(function (marker) {
    var results = (groups[marker.id] || []).sort(byDateDesc);
    if (!results.length) {
      body.appendChild(el('tr', {'data-marker': marker.id, className: 'missing'}, [
        el('th', {text: marker.label}), el('td', {colspan: '5', text: 'no result on record'})]));
      return;
    }
    var current = null;
    results.forEach(function (o) {
      var status = WITHDRAWN[o.status];
      var row = el('tr', {'data-marker': marker.id, 'data-observation': o.id});
      if (!status && !current) {
        current = o;
        row.className = 'current';
        status = o.status === 'final' ? 'final' : o.status + (o.status === 'preliminary' ? ' (not final)' : '');
      } else if (!status) {
        row.className = 'superseded';
        status = 'superseded by the result of ' + dateOf(current).slice(0, 10);
      } else {
        row.className = 'withdrawn';
      }
      row.appendChild(el('th', {text: marker.label}));
      row.appendChild(el('td', {className: 'value', text: valueText(o)}));
      row.appendChild(details(o, marker));
      row.appendChild(el('td', {text: dateOf(o).slice(0, 10)}));
      row.appendChild(el('td', {text: specimenLabel(o)}));
      row.appendChild(el('td', {}, [link(status, '../fhir/Observation/' + encodeURIComponent(o.id))]));
      body.appendChild(row);
    });
  });
  unrecognised.forEach(function (o) {
    body.appendChild(el('tr', {className: 'unrecognised', 'data-observation': o.id}, [
      el('th', {text: label(o.code) || 'Observation'}), el('td', {text: valueText(o)}),
      el('td', {text: 'code not recognised: not used by the cards'}), el('td', {text: dateOf(o).slice(0, 10)}),
      el('td', {text: specimenLabel(o)}), el('td', {text: o.status})]));
  });
}
