// Fills in the version and readiness from the server's public endpoints; text only, never markup.
function fill(id, text) {
  document.getElementById(id).textContent = text;
}

function get(url, onJson) {
  var request = new XMLHttpRequest();
  request.open('GET', url);
  request.setRequestHeader('Accept', 'application/json');
  request.onload = function () {
    try {
      onJson(request.status, JSON.parse(request.responseText));
    } catch (e) {
      onJson(request.status, null);
    }
  };
  request.onerror = function () { onJson(0, null); };
  request.send();
}

get('fhir/metadata', function (status, statement) {
  fill('version', statement && statement.software ? statement.software.version : 'unknown (HTTP ' + status + ')');
  fill('fhir-version', statement ? statement.fhirVersion : 'unknown');
});
get('actuator/health/readiness', function (status, health) {
  fill('readiness', status === 200 ? 'yes' : 'not yet' + (health && health.status ? ' (' + health.status + ')' : ''));
});
