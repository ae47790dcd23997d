// The OncoFHIR console: a CDS Hooks client over this server's public FHIR and CDS Hooks APIs, never a back door.
// Everything taken from data is shown with textContent (or Markdown.render, which does the same).
(function () {
  var FACTS = 'http://oncofhir.org/fhir/ConceptMap/';
  var BIOMARKER_RESULT = 'http://oncofhir.org/fhir/CodeSystem/biomarker-result';
  // ASCO/CAP 2020 (clinical-knowledge.md §4c): ER in 1-10 % of nuclei is reported as "ER Low Positive".
  var ER_LOW_PERCENT = {from: 1, to: 10};
  // Below this LVEF the labels of HER2-directed antibodies say not to start (clinical-knowledge.md §4h).
  var LVEF_LINE = 50;
  var MARKERS = [
    {id: 'her2-ihc', label: 'HER2 IHC', facts: ['her2-ihc']},
    {id: 'her2-ish', label: 'HER2 ISH', facts: ['her2-ish', 'her2-ish-ratio', 'her2-ish-copies']},
    {id: 'er', label: 'ER', facts: ['er', 'er-percent']},
    {id: 'pr', label: 'PR', facts: ['pr', 'pr-percent']},
    {id: 'pdl1', label: 'PD-L1', facts: ['pdl1', 'pdl1-tps', 'pdl1-cps', 'pdl1-ic']},
    {id: 'lvef', label: 'LVEF', facts: ['lvef']}
  ];
  var DRUG_VALUE_SETS = ['her2-directed-drugs', 'endocrine-drugs', 'checkpoint-inhibitors', 'cdk46-inhibitors',
    'chemotherapy-drugs'];
  var PATIENT_VIEW = 'oncofhir-breast-therapy';
  var WITHDRAWN = {'entered-in-error': 'retracted (entered in error)', 'cancelled': 'cancelled'};

  var maps = null;
  var patient = null;
  var charts = {};

  function $(id) {
    return document.getElementById(id);
  }

  function el(name, attributes, children) {
    var node = document.createElement(name);
    Object.keys(attributes || {}).forEach(function (key) {
      if (key === 'text') node.textContent = attributes[key];
      else if (key === 'className') node.className = attributes[key];
      else node.setAttribute(key, attributes[key]);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function link(label, url) {
    if (!/^https?:\/\//i.test(url || '') && !/^\.\.\/fhir\//.test(url || '')) return document.createTextNode(label);
    return el('a', {href: url, text: label, rel: 'noopener noreferrer', target: '_blank'});
  }

  function say(text, isError) {
    $('status').textContent = text;
    $('status').className = isError ? 'error' : '';
  }

  function uuid() {
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  // ---- the APIs -------------------------------------------------------------------------------------------

  function problem(response, body) {
    var issue = body && body.issue && body.issue[0];
    var text = issue ? (issue.diagnostics || (issue.details && issue.details.text)) : (body && body.message);
    if (response.status === 401 || response.status === 403) {
      text = (text || 'not authorised') + ' (enter or renew the access token under "Access tokens")';
    }
    var error = new Error('HTTP ' + response.status + ': ' + (text || response.statusText));
    error.status = response.status;
    return error;
  }

  function call(url, options, token) {
    options.headers = options.headers || {};
    if (token) options.headers.Authorization = 'Bearer ' + token;
    return fetch(url, options).then(function (response) {
      return response.text().then(function (text) {
        var body = null;
        try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
        if (!response.ok) throw problem(response, body);
        return body;
      });
    });
  }

  function fhir(path, method, resource) {
    var options = {method: method || 'GET', headers: {Accept: 'application/fhir+json'}};
    if (resource) {
      options.headers['Content-Type'] = 'application/fhir+json';
      options.body = JSON.stringify(resource);
    }
    var url = /^https?:/.test(path) ? path : path ? '../fhir/' + path : '../fhir';
    return call(url, options, $('fhir-token').value.trim());
  }

  // Every page of a search: the server may page even a patient's own results.
  function searchAll(path) {
    var resources = [];
    function page(url) {
      return fhir(url).then(function (bundle) {
        (bundle.entry || []).forEach(function (entry) {
          if (entry.resource && (!entry.search || entry.search.mode !== 'outcome')) resources.push(entry.resource);
        });
        var next = (bundle.link || []).filter(function (l) { return l.relation === 'next'; })[0];
        return next ? page(next.url) : resources;
      });
    }
    return page(path);
  }

  // CDS Hooks tokens are single-use (jti): the field is cleared once a token has been sent.
  function cds(path, body) {
    var token = $('cds-token').value.trim();
    $('cds-token').value = '';
    return call('../cds-services/' + path,
      {method: 'POST', headers: {'Content-Type': 'application/json', Accept: 'application/json'},
        body: JSON.stringify(body)}, token);
  }

  // ---- codes: the package's own concept maps say which fact a code means --------------------------------

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

  // ---- patients -------------------------------------------------------------------------------------------

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

  // ---- biomarker panel ------------------------------------------------------------------------------------

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

  // ---- plots ----------------------------------------------------------------------------------------------

  function chart(id) {
    if (!charts[id]) charts[id] = echarts.init($(id));
    return charts[id];
  }

  // A time axis with a margin either side, so that the first and last results (or a single one) sit inside it.
  function timeAxis() {
    var margin = 30 * 864e5;
    return {type: 'time', min: function (v) { return v.min - margin; }, max: function (v) { return v.max + margin; },
      axisLabel: {hideOverlap: true}};
  }

  function metastaticSince() {
    var dates = patient.conditions.filter(function (c) {
      return factOf(c.code, maps.condition) === 'metastatic-disease';
    }).map(function (c) { return c.onsetDateTime || c.recordedDate; }).filter(Boolean).sort();
    return dates[0] || null;
  }

  function renderTimeline() {
    var rows = MARKERS.filter(function (m) { return m.id !== 'lvef'; });
    var series = {};
    var previous = {};
    var points = 0;
    patient.observations.filter(function (o) { return !WITHDRAWN[o.status] && dateOf(o); })
      .sort(function (a, b) { return byDateDesc(b, a); })
      .forEach(function (o) {
        var marker = markerOf(o);
        if (!marker || marker.id === 'lvef') return;
        var specimen = specimenLabel(o) || 'specimen not stated';
        var value = valueText(o);
        var differs = previous[marker.id] !== undefined && previous[marker.id] !== value;
        previous[marker.id] = value;
        (series[specimen] = series[specimen] || []).push({
          value: [dateOf(o).slice(0, 10), marker.label, value],
          symbol: differs ? 'diamond' : 'circle',
          symbolSize: differs ? 18 : 12
        });
        points++;
      });
    var since = metastaticSince();
    var list = Object.keys(series).map(function (name, i) {
      return {
        name: name, type: 'scatter', data: series[name],
        label: {show: true, position: 'right', formatter: function (p) { return p.value[2]; }},
        markLine: i === 0 && since ? {symbol: 'none', label: {formatter: 'metastatic disease'},
          data: [{xAxis: since.slice(0, 10)}]} : undefined
      };
    });
    $('timeline-chart').setAttribute('data-points', String(points));
    $('timeline-chart').setAttribute('aria-label', points + ' results plotted');
    chart('timeline-chart').setOption({
      animation: false,
      title: {text: 'Biomarker results', textStyle: {fontSize: 14}},
      tooltip: {formatter: function (p) { return p.seriesName + ': ' + p.value[1] + ' ' + p.value[2] + ' on ' + p.value[0]; }},
      legend: {bottom: 0},
      grid: {left: 80, right: 60},
      xAxis: timeAxis(),
      yAxis: {type: 'category', data: rows.map(function (m) { return m.label; })},
      series: list
    }, true);
  }

  function renderLvef() {
    var data = patient.observations.filter(function (o) {
      var marker = markerOf(o);
      return marker && marker.id === 'lvef' && !WITHDRAWN[o.status] && o.valueQuantity && dateOf(o);
    }).sort(function (a, b) { return byDateDesc(b, a); })
      .map(function (o) { return [dateOf(o).slice(0, 10), o.valueQuantity.value]; });
    $('lvef-chart').setAttribute('data-points', String(data.length));
    $('lvef-chart').setAttribute('aria-label', data.length + ' LVEF values plotted');
    chart('lvef-chart').setOption({
      animation: false,
      title: {text: 'LVEF (%)', textStyle: {fontSize: 14}},
      tooltip: {trigger: 'axis'},
      xAxis: timeAxis(),
      yAxis: {type: 'value', min: 20, max: 80},
      series: [{
        name: 'LVEF', type: 'line', data: data, symbolSize: 10,
        label: {show: true, formatter: function (p) { return p.value[1] + ' %'; }},
        markLine: {symbol: 'none', lineStyle: {color: '#c0392b', type: 'dashed'},
          label: {position: 'insideStartBottom', formatter: LVEF_LINE + ' %'}, data: [{yAxis: LVEF_LINE}]}
      }]
    }, true);
  }

  // ---- cards ----------------------------------------------------------------------------------------------

  function hookContext(extra) {
    var context = {userId: $('user-id').value.trim(), patientId: patient.resource.id};
    Object.keys(extra || {}).forEach(function (k) { context[k] = extra[k]; });
    return context;
  }

  function askPatientView() {
    askCds($('cards'), PATIENT_VIEW, {hook: 'patient-view', hookInstance: uuid(), context: hookContext()},
      'Asking the CDS service…');
  }

  // data-answered marks the container once the service has answered (cards or an error), for people and tests.
  function askCds(container, service, request, waiting) {
    container.removeAttribute('data-answered');
    container.textContent = waiting;
    cds(service, request)
      .then(function (response) { renderCards(container, response, service); })
      .catch(function (e) {
        container.textContent = '';
        container.appendChild(el('p', {className: 'error', text: e.message}));
      })
      .then(function () { container.setAttribute('data-answered', 'true'); });
  }

  function sendFeedback(service, item) {
    item.outcomeTimestamp = new Date().toISOString();
    return cds(service + '/feedback', {feedback: [item]});
  }

  function renderCards(container, response, service) {
    container.textContent = '';
    var cards = (response && response.cards) || [];
    if (!cards.length) container.appendChild(el('p', {className: 'note', text: 'No cards.'}));
    cards.forEach(function (card) { container.appendChild(renderCard(card, service)); });
  }

  function renderCard(card, service) {
    var box = el('article', {className: 'card ' + (card.indicator || 'info'), 'data-card': card.uuid || ''});
    box.appendChild(el('h4', {}, [el('span', {className: 'indicator', text: card.indicator || 'info'}), ' ',
      card.summary || '']));
    if (card.detail) box.appendChild(Markdown.render(card.detail));
    if (card.source) {
      box.appendChild(el('p', {className: 'source'}, ['Source: ', link(card.source.label || card.source.url, card.source.url),
        card.source.topic ? ' · ' + (card.source.topic.display || card.source.topic.code) : '']));
    }
    var links = (card.links || []).filter(function (l) { return l.url !== (card.source && card.source.url); });
    if (links.length) {
      box.appendChild(el('ul', {className: 'links'}, links.map(function (l) {
        return el('li', {}, [link(l.label, l.url), l.type === 'smart' ? ' (SMART app)' : '']);
      })));
    }
    var outcome = el('p', {className: 'outcome', role: 'status'});
    if ((card.suggestions || []).length) box.appendChild(renderSuggestions(card, service, outcome));
    box.appendChild(renderOverride(card, service, outcome));
    box.appendChild(outcome);
    return box;
  }

  function renderSuggestions(card, service, outcome) {
    var behaviour = card.selectionBehavior === 'at-most-one' ? 'choose at most one' : 'choose any';
    var list = el('fieldset', {className: 'suggestions'}, [el('legend', {text: 'Suggestions (' + behaviour + ')'})]);
    card.suggestions.forEach(function (suggestion) {
      var accept = el('button', {type: 'button', className: 'accept', text: 'Accept'});
      var item = el('div', {className: 'suggestion', 'data-suggestion': suggestion.uuid || ''}, [
        el('p', {}, [suggestion.label || '', suggestion.isRecommended ? el('span', {className: 'recommended',
          text: 'recommended'}) : null]),
        el('ul', {}, (suggestion.actions || []).map(function (a) {
          return el('li', {text: a.description || a.type});
        })),
        accept]);
      accept.addEventListener('click', function () {
        accept.disabled = true;
        applySuggestion(suggestion).then(function (stored) {
          if (card.selectionBehavior === 'at-most-one') {
            list.querySelectorAll('button.accept').forEach(function (b) { b.disabled = true; });
          }
          outcome.textContent = 'Accepted: ';
          stored.forEach(function (location, i) {
            outcome.appendChild(link(location, '../fhir/' + location));
            if (i < stored.length - 1) outcome.appendChild(document.createTextNode(', '));
          });
          // The drafts are stored whatever happens to the feedback: say so, and do not offer to accept again.
          return sendFeedback(service, {card: card.uuid, outcome: 'accepted',
            acceptedSuggestions: [{id: suggestion.uuid}]})
            .then(function () { outcome.appendChild(document.createTextNode(' · feedback sent')); },
              function (e) {
                outcome.appendChild(document.createTextNode(' · feedback not sent: ' + e.message));
                outcome.className = 'outcome error';
              });
        }).catch(function (e) {
          accept.disabled = false;
          outcome.textContent = e.message;
          outcome.className = 'outcome error';
        });
      });
      list.appendChild(item);
    });
    return list;
  }

  // The suggestion's actions as one transaction, as an EHR applies them: resources keep the ids the service gave
  // them, so references between them (a CarePlan's activities) hold and accepting twice does not duplicate.
  function applySuggestion(suggestion) {
    var entries = (suggestion.actions || []).map(function (action) {
      var r = action.resource;
      if (action.type === 'delete') {
        var target = [].concat(action.resourceId || [])[0];
        return {request: {method: 'DELETE', url: target}};
      }
      if (r && r.id) return {fullUrl: r.resourceType + '/' + r.id, resource: r, request: {method: 'PUT', url: r.resourceType + '/' + r.id}};
      return {resource: r, request: {method: 'POST', url: r.resourceType}};
    });
    return fhir('', 'POST', {resourceType: 'Bundle', type: 'transaction', entry: entries}).then(function (bundle) {
      return (bundle.entry || []).map(function (e) { return e.response && e.response.location; })
        .filter(Boolean).map(function (location) { return location.replace(/\/_history\/.*$/, ''); });
    });
  }

  function renderOverride(card, service, outcome) {
    var reasons = card.overrideReasons || [];
    var select = el('select', {'aria-label': 'Override reason'}, [el('option', {value: '', text: 'no reason given'})]
      .concat(reasons.map(function (r, i) { return el('option', {value: String(i), text: r.display || r.code}); })));
    var comment = el('input', {placeholder: 'Comment (optional)', 'aria-label': 'Override comment'});
    var button = el('button', {type: 'button', className: 'override', text: 'Override'});
    button.addEventListener('click', function () {
      var item = {card: card.uuid, outcome: 'overridden'};
      var reason = select.value === '' ? null : reasons[Number(select.value)];
      if (reason || comment.value.trim()) {
        item.overrideReason = {};
        if (reason) item.overrideReason.reason = reason;
        if (comment.value.trim()) item.overrideReason.userComment = comment.value.trim();
      }
      button.disabled = true;
      sendFeedback(service, item).then(function () {
        outcome.textContent = 'Overridden' + (reason ? ': ' + (reason.display || reason.code) : '') + ' · feedback sent';
      }).catch(function (e) {
        button.disabled = false;
        outcome.textContent = e.message;
        outcome.className = 'outcome error';
      });
    });
    return el('div', {className: 'override'}, [select, comment, button]);
  }

  // ---- order check ----------------------------------------------------------------------------------------

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

  // ---- start ----------------------------------------------------------------------------------------------

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
})();
