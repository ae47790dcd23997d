// Small DOM helpers for the console's scripts. Text from data only ever goes in through textContent.
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
