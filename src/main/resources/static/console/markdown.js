// The markdown of CDS cards (paragraphs, lists, emphasis, code, http(s) links) rendered as DOM nodes built with
// textContent: no string from a card ever becomes markup, so a card cannot inject script or styles.
var Markdown = (function () {
  var INLINE = /(\*\*[^*]+\*\*|__[^_]+__|`[^`]+`|\[[^\]]+\]\([^)\s]+\)|\*[^*\s][^*]*\*|_[^_\s][^_]*_)/;

  function inline(parent, text) {
    var parts = text.split(INLINE);
    parts.forEach(function (part, i) {
      if (!part) return;
      if (i % 2 === 0) {
        parent.appendChild(document.createTextNode(part));
      } else if (part.startsWith('**') || part.startsWith('__')) {
        parent.appendChild(element('strong', part.slice(2, -2)));
      } else if (part.startsWith('`')) {
        parent.appendChild(element('code', part.slice(1, -1)));
      } else if (part.startsWith('[')) {
        parent.appendChild(link(part));
      } else {
        parent.appendChild(element('em', part.slice(1, -1)));
      }
    });
  }

  function element(name, text) {
    var node = document.createElement(name);
    node.textContent = text;
    return node;
  }

  function link(part) {
    var label = part.slice(1, part.indexOf(']('));
    var url = part.slice(part.indexOf('](') + 2, -1);
    if (!/^https?:\/\//i.test(url)) {
      return document.createTextNode(label);
    }
    var a = element('a', label);
    a.href = url;
    a.rel = 'noopener noreferrer';
    a.target = '_blank';
    return a;
  }

  function render(markdown) {
    var root = document.createElement('div');
    root.className = 'markdown';
    var list = null;
    var paragraph = null;
    (markdown || '').split(/\r?\n/).forEach(function (line) {
      var item = /^\s*(?:[-*+]|\d+\.)\s+(.*)$/.exec(line);
      var heading = /^#{1,6}\s+(.*)$/.exec(line);
      if (!line.trim()) {
        list = null;
        paragraph = null;
      } else if (item) {
        if (!list) {
          list = root.appendChild(document.createElement(/^\s*\d/.test(line) ? 'ol' : 'ul'));
        }
        inline(list.appendChild(document.createElement('li')), item[1]);
        paragraph = null;
      } else if (heading) {
        inline(root.appendChild(document.createElement('h4')), heading[1]);
        list = null;
        paragraph = null;
      } else {
        if (!paragraph) {
          paragraph = root.appendChild(document.createElement('p'));
        } else {
          paragraph.appendChild(document.createTextNode(' '));
        }
        inline(paragraph, line.trim());
        list = null;
      }
    });
    return root;
  }

  return {render: render};
})();
