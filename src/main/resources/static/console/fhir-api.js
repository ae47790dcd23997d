// The console's only ways out: this server's public FHIR API and CDS Hooks endpoints, with the user's tokens.
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
