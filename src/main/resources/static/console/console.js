// The OncoFHIR console: a CDS Hooks client over this server's public FHIR and CDS Hooks APIs, never a back door.
// Everything taken from data is shown with textContent (or Markdown.render, which does the same). The scripts share
// the page's global scope, loaded in the order index.html lists them; this one finds patients and wires the page.
var DRUG_VALUE_SETS = ['her2-directed-drugs', 'endocrine-drugs', 'checkpoint-inhibitors', 'cdk46-inhibitors',
  'chemotherapy-drugs'];

var patient = null;

function patientName(p) {
  var name = (p.name || [])[0];
  if (!name) return 'Patient/' + p.id;
  return name.text || ((name.given || []).join(' ') + ' ' + (name.family || '')).trim();
}

function findPatients(event) {
  event.preventDefault();
  var query = $('patient-query').value.trim();
  var searches = query
    ? [fhir('Patient?name=' + encodeURIComponent(query) + '&_count=50'),
      fhir('Patient?_id=' + encodeURIComponent(query))]
    : [fhir('Patient?_count=100&_sort=family')];
  say('Searching…');
  Promise.all(searches).then(function (bundles) {
    var seen = {};
    var list = $('patient-list');
    list.textContent = '';
    bundles.forEach(function (bundle) {
      (bundle.entry || []).forEach(function (entry) {
        var p = entry.resource;
        if (!p || p.resourceType !== 'Patient' || seen[p.id]) return;
        seen[p.id] = true;
        var button = el('button', {type: 'button', 'data-patient': p.id, text: patientName(p)});
        button.addEventListener('click', function () { openPatient(p.id); });
        list.appendChild(el('li', {}, [button, ' ', el('span', {className: 'note',
          text: [p.birthDate, p.gender, 'Patient/' + p.id].filter(Boolean).join(' · ')})]));
      });
    });
    say(Object.keys(seen).length + ' patient(s) found');
  }).catch(function (e) { say(e.message, true); });
}

function openPatient(id) {
  say('Reading Patient/' + id + '…');
  var optional = function (promise) { return promise.catch(function () { return []; }); };
  Promise.all([
    fhir('Patient/' + encodeURIComponent(id)),
    searchAll('Observation?patient=' + encodeURIComponent(id) + '&_count=200'),
    optional(searchAll('Condition?patient=' + encodeURIComponent(id) + '&_count=200')),
    optional(searchAll('Specimen?patient=' + encodeURIComponent(id) + '&_count=200'))
  ]).then(function (read) {
    patient = {resource: read[0], observations: read[1], conditions: read[2], specimens: read[3]};
    $('patient').hidden = false;
    $('patient-name').textContent = patientName(read[0]);
    $('patient-facts').textContent = ['Patient/' + read[0].id, read[0].birthDate && 'born ' + read[0].birthDate,
      read[0].gender].filter(Boolean).join(' · ');
    renderPanel();
    renderTimeline();
    renderLvef();
    $('order-cards').textContent = '';
    say('Patient/' + id + ': ' + read[1].length + ' observation(s)');
    askPatientView();
  }).catch(function (e) { say(e.message, true); });
}

function loadDrugs() {
  var select = $('order-drug');
  select.textContent = '';
  return Promise.all(DRUG_VALUE_SETS.map(function (name) {
    return fhir('ValueSet/$expand?url=' + encodeURIComponent('http://oncofhir.org/fhir/ValueSet/' + name));
  })).then(function (expansions) {
    expansions.forEach(function (valueSet) {
      var group = el('optgroup', {label: valueSet.title || valueSet.name});
      (valueSet.expansion.contains || []).forEach(function (c) {
        group.appendChild(el('option', {value: JSON.stringify({system: c.system, code: c.code, display: c.display}),
          text: c.display + ' (RxNorm ' + c.code + ')'}));
      });
      select.appendChild(group);
    });
  });
}

function checkOrder(event) {
  event.preventDefault();
  var service = $('order-hook').value;
  var drug = JSON.parse($('order-drug').value);
  var order = {resourceType: 'MedicationRequest', id: uuid(), status: 'draft', intent: 'order',
    medicationCodeableConcept: {coding: [drug], text: drug.display},
    subject: {reference: 'Patient/' + patient.resource.id}, authoredOn: new Date().toISOString().slice(0, 10)};
  var draftOrders = {resourceType: 'Bundle', type: 'collection', entry: [{resource: order}]};
  var select = service === 'oncofhir-breast-order-check';
  var context = select
    ? hookContext({selections: ['MedicationRequest/' + order.id], draftOrders: draftOrders})
    : hookContext({draftOrders: draftOrders});
  askCds($('order-cards'), service, {hook: select ? 'order-select' : 'order-sign', hookInstance: uuid(),
    context: context}, 'Checking ' + drug.display + '…');
}

function start() {
  say('Loading the code maps…');
  loadMaps().then(loadDrugs).then(function () {
    $('patient-search').querySelector('button').disabled = false;
    say('Ready: search for a patient.');
  }).catch(function (e) {
    $('access').open = true;
    say(e.message, true);
  });
}

document.addEventListener('DOMContentLoaded', function () {
  $('patient-search').querySelector('button').disabled = true;
  $('patient-search').addEventListener('submit', findPatients);
  $('order-check').addEventListener('submit', checkOrder);
  $('refresh-cards').addEventListener('click', askPatientView);
  $('fhir-token').addEventListener('change', start);
  start();
});
