// CDS cards rendered as a CDS client does; accepting a suggestion applies it through the FHIR API and sends
// feedback, overriding sends feedback with the reason.
var PATIENT_VIEW = 'oncofhir-breast-therapy';

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
