// Owns `DOMParser`, for hint code that reads an app's HTML: a forgiving HTML parser that builds
// a small element tree, and CSS selectors for querySelector. Loaded on first use. It only
// reads data for the hint, so it uses the builtins as the hint left them.
(function dom(rt) {
  'use strict';
  const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
  const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title']);
  // Elements whose start closes an open element of the same kind, as `<p>a<p>b` does.
  const SELF_CLOSING_SIBLINGS = new Set(['p', 'li', 'option', 'tr', 'td', 'th', 'dt', 'dd']);
  const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', copy: '\u00a9', reg: '\u00ae' };

  function decode(text) {
    return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return rt.p.NumberIsFinite(code) ? rt.p.StringFromCodePoint(code) : whole;
      }
      const known = ENTITIES[name.toLowerCase()];
      return known === undefined ? whole : known;
    });
  }

  class Node {
    constructor(type) {
      this.nodeType = type;
      this.parentNode = null;
      this.childNodes = [];
    }
    get parentElement() { return this.parentNode && this.parentNode.nodeType === 1 ? this.parentNode : null; }
    get textContent() { return this.childNodes.map((n) => n.textContent).join(''); }
    get children() { return this.childNodes.filter((n) => n.nodeType === 1); }
    get firstElementChild() { return this.children[0] || null; }
    get childElementCount() { return this.children.length; }
    appendChild(node) {
      node.parentNode = this;
      this.childNodes.push(node);
      return node;
    }
    querySelectorAll(selector) {
      const groups = parseSelector(selector);
      const found = [];
      walk(this, (element) => {
        if (groups.some((group) => matches(element, group))) found.push(element);
      });
      return found;
    }
    querySelector(selector) { return this.querySelectorAll(selector)[0] || null; }
    getElementsByTagName(name) {
      const wanted = String(name).toLowerCase();
      const found = [];
      walk(this, (e) => { if (wanted === '*' || e.localName === wanted) found.push(e); });
      return found;
    }
    getElementsByClassName(names) {
      const wanted = String(names).split(/\s+/).filter(Boolean);
      const found = [];
      walk(this, (e) => { if (wanted.every((c) => e.classList.contains(c))) found.push(e); });
      return found;
    }
  }

  class Text extends Node {
    constructor(data) {
      super(3);
      this.data = data;
    }
    get textContent() { return this.data; }
    get nodeValue() { return this.data; }
  }

  class Element extends Node {
    constructor(name, attributes) {
      super(1);
      this.localName = name;
      this.attributes = attributes;
    }
    get tagName() { return this.localName.toUpperCase(); }
    get nodeName() { return this.tagName; }
    getAttribute(name) {
      const found = this.attributes.find((a) => a.name === String(name).toLowerCase());
      return found ? found.value : null;
    }
    hasAttribute(name) { return this.getAttribute(name) !== null; }
    getAttributeNames() { return this.attributes.map((a) => a.name); }
    get id() { return this.getAttribute('id') || ''; }
    get className() { return this.getAttribute('class') || ''; }
    get classList() {
      const names = this.className.split(/\s+/).filter(Boolean);
      return { contains: (c) => names.includes(c), length: names.length, item: (i) => names[i] || null, [Symbol.iterator]: () => names[Symbol.iterator]() };
    }
    get name() { return this.getAttribute('name') || ''; }
    get type() { return (this.getAttribute('type') || (this.localName === 'input' ? 'text' : '')).toLowerCase(); }
    get value() { return this.localName === 'textarea' ? this.textContent : this.getAttribute('value') || ''; }
    get href() { return this.getAttribute('href') || ''; }
    get src() { return this.getAttribute('src') || ''; }
    get action() { return this.getAttribute('action') || ''; }
    get method() { return (this.getAttribute('method') || 'get').toLowerCase(); }
    get innerText() { return this.textContent; }
    get innerHTML() { return this.childNodes.map(serialize).join(''); }
    get outerHTML() { return serialize(this); }
    closest(selector) {
      const groups = parseSelector(selector);
      for (let e = this; e && e.nodeType === 1; e = e.parentNode) {
        if (groups.some((group) => matches(e, group))) return e;
      }
      return null;
    }
    matches(selector) { return parseSelector(selector).some((group) => matches(this, group)); }
  }

  class Document extends Node {
    constructor() { super(9); }
    get documentElement() { return this.children[0] || null; }
    get head() { return this.querySelector('head'); }
    get body() { return this.querySelector('body'); }
    get title() { const t = this.querySelector('title'); return t ? t.textContent.trim() : ''; }
    getElementById(id) {
      let found = null;
      walk(this, (e) => { if (!found && e.id === String(id)) found = e; });
      return found;
    }
  }

  function serialize(node) {
    if (node.nodeType === 3) return node.data.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const attributes = node.attributes.map((a) => ' ' + a.name + '="' + a.value.replace(/&/g, '&amp;').replace(/"/g, '&quot;') + '"').join('');
    if (VOID.has(node.localName)) return '<' + node.localName + attributes + '>';
    return '<' + node.localName + attributes + '>' + node.childNodes.map(serialize).join('') + '</' + node.localName + '>';
  }

  function walk(root, visit) {
    for (const child of root.childNodes) {
      if (child.nodeType === 1) {
        visit(child);
        walk(child, visit);
      }
    }
  }

  function parseAttributes(source) {
    const attributes = [];
    const pattern = /([^\s"'>\/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
    let match;
    while ((match = pattern.exec(source)) !== null) {
      const name = match[1].toLowerCase();
      if (attributes.some((a) => a.name === name)) continue;
      const raw = match[2] !== undefined ? match[2] : match[3] !== undefined ? match[3] : match[4] !== undefined ? match[4] : '';
      attributes.push({ name, value: decode(raw) });
    }
    return attributes;
  }

  // Builds the tree with a stack of open elements, closing what an end tag or a sibling implies.
  function parseHtml(html) {
    const document = new Document();
    const stack = [document];
    const top = () => stack[stack.length - 1];
    let at = 0;
    while (at < html.length) {
      const open = html.indexOf('<', at);
      if (open === -1) {
        top().appendChild(new Text(decode(html.slice(at))));
        break;
      }
      if (open > at) top().appendChild(new Text(decode(html.slice(at, open))));
      if (html.startsWith('<!--', open)) {
        const close = html.indexOf('-->', open + 4);
        at = close === -1 ? html.length : close + 3;
        continue;
      }
      if (html[open + 1] === '!' || html[open + 1] === '?') {
        const close = html.indexOf('>', open);
        at = close === -1 ? html.length : close + 1;
        continue;
      }
      const tag = /^<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/.exec(html.slice(open));
      if (!tag) {
        top().appendChild(new Text('<'));
        at = open + 1;
        continue;
      }
      at = open + tag[0].length;
      const name = tag[2].toLowerCase();
      if (tag[1]) {
        const index = stack.map((n) => n.localName).lastIndexOf(name);
        if (index > 0) stack.length = index;
        continue;
      }
      if (SELF_CLOSING_SIBLINGS.has(name) && top().localName === name) stack.pop();
      const element = top().appendChild(new Element(name, parseAttributes(tag[3])));
      if (VOID.has(name) || /\/\s*$/.test(tag[3])) continue;
      if (RAW_TEXT.has(name)) {
        const close = html.toLowerCase().indexOf('</' + name, at);
        const end = close === -1 ? html.length : close;
        element.appendChild(new Text(name === 'textarea' || name === 'title' ? decode(html.slice(at, end)) : html.slice(at, end)));
        const after = close === -1 ? -1 : html.indexOf('>', close);
        at = after === -1 ? html.length : after + 1;
        continue;
      }
      stack.push(element);
    }
    return document;
  }

  // A selector list as groups; each group is compounds from right to left with the combinator
  // that joins each to the next one on its left.
  function parseSelector(selector) {
    const text = String(selector).trim();
    if (!text) throw syntaxError(selector);
    return splitOutside(text, ',').map((part) => {
      const tokens = part.trim().match(/(\[[^\]]*\]|[^\s>+~\[]+|\s*[>+~]\s*|\s+)/g);
      if (!tokens) throw syntaxError(selector);
      const compounds = [];
      let combinator = ' ';
      let current = '';
      for (const token of tokens) {
        if (/^\s*[>+~]\s*$/.test(token) || /^\s+$/.test(token)) {
          if (current) {
            compounds.push({ compound: parseCompound(current, selector), combinator });
            current = '';
          }
          combinator = token.trim() || ' ';
        } else {
          current += token;
        }
      }
      if (!current) throw syntaxError(selector);
      compounds.push({ compound: parseCompound(current, selector), combinator });
      // Right to left: each entry says how it relates to the next one in the array.
      const reversed = compounds.reverse();
      return reversed.map((c, i) => ({ compound: c.compound, combinator: i === 0 ? null : reversed[i - 1].combinator }));
    });
  }

  function splitOutside(text, separator) {
    const parts = [];
    let depth = 0;
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '[') depth++;
      else if (text[i] === ']') depth--;
      else if (text[i] === separator && depth === 0) {
        parts.push(text.slice(start, i));
        start = i + 1;
      }
    }
    parts.push(text.slice(start));
    return parts;
  }

  function syntaxError(selector) {
    const error = new Error("Failed to execute 'querySelector' on 'Document': '" + selector + "' is not a valid selector.");
    error.name = 'SyntaxError';
    return error;
  }

  function parseCompound(text, selector) {
    const tests = [];
    const pattern = /^(\*|[a-zA-Z][\w-]*)|#([\w-]+)|\.([\w-]+)|\[\s*([^\s~|^$*=\]]+)\s*(?:([~|^$*]?=)\s*(?:"([^"]*)"|'([^']*)'|([^\s\]]*))\s*(i)?\s*)?\]/gy;
    let at = 0;
    while (at < text.length) {
      pattern.lastIndex = at;
      const m = pattern.exec(text);
      if (!m || m.index !== at) throw syntaxError(selector);
      at = pattern.lastIndex;
      if (m[1]) {
        const tag = m[1].toLowerCase();
        if (tag !== '*') tests.push((e) => e.localName === tag);
      } else if (m[2]) tests.push((e) => e.id === m[2]);
      else if (m[3]) tests.push((e) => e.classList.contains(m[3]));
      else {
        const name = m[4].toLowerCase();
        const op = m[5];
        const fold = m[9] ? (v) => v.toLowerCase() : (v) => v;
        const wanted = fold(m[6] !== undefined ? m[6] : m[7] !== undefined ? m[7] : m[8] || '');
        tests.push((e) => {
          const value = e.getAttribute(name);
          if (value === null) return false;
          const v = fold(value);
          switch (op) {
            case undefined: return true;
            case '=': return v === wanted;
            case '~=': return v.split(/\s+/).includes(wanted);
            case '|=': return v === wanted || v.startsWith(wanted + '-');
            case '^=': return wanted !== '' && v.startsWith(wanted);
            case '$=': return wanted !== '' && v.endsWith(wanted);
            default: return wanted !== '' && v.includes(wanted);
          }
        });
      }
    }
    return (e) => tests.every((t) => t(e));
  }

  function matches(element, group, index = 0) {
    const { compound } = group[index];
    if (!compound(element)) return false;
    if (index === group.length - 1) return true;
    const combinator = group[index + 1].combinator;
    if (combinator === '>') {
      const parent = element.parentElement;
      return parent !== null && matches(parent, group, index + 1);
    }
    if (combinator === '+' || combinator === '~') {
      const siblings = element.parentNode ? element.parentNode.children : [];
      const position = siblings.indexOf(element);
      const before = combinator === '+' ? siblings.slice(rt.p.MathMax(0, position - 1), position) : siblings.slice(0, position);
      return before.some((s) => matches(s, group, index + 1));
    }
    for (let e = element.parentElement; e; e = e.parentElement) {
      if (matches(e, group, index + 1)) return true;
    }
    return false;
  }

  class DOMParser {
    parseFromString(text, type) {
      if (!['text/html', 'text/xml', 'application/xml', 'application/xhtml+xml', 'image/svg+xml'].includes(type)) {
        throw new TypeError("Failed to execute 'parseFromString' on 'DOMParser': The provided value '" + type + "' is not a valid enum value of type DOMParserSupportedType.");
      }
      return parseHtml(String(text));
    }
  }

  return { DOMParser };
})
