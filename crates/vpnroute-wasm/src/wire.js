// Runs in JavaScript, before the call enters wasm: reading an object's fields one by one from
// wasm costs a boundary crossing per key and per value, which was most of a validate call.
//
// Diagnostics come back as one string of texts written as `<length><text>`, the length
// counted in UTF-16 code units. A length below 0x7E is the one character with that code: a
// short text costs one character more, and reading it needs no search and no number parsing.
// A longer one is U+007E, the length in decimal and `:`. U+007F stands for an absent value.
// Every marker is ASCII, so the string is ASCII when its texts are: TextDecoder is about
// twice as fast then.
// Rule ids and the usual wire keys do not cross as text at all: both sides number them the
// same way from the tables wasm hands over once (`useTables`).

const LONG = 0x7e;
const ABSENT = 0x7f;

// Requests go the other way as bytes written straight into wasm memory, into a buffer the
// caller hands over: no string is built in JavaScript and none is copied again by the glue.
// Each text is its UTF-8 length plus one (LEB128, maybe padded with 0x80 bytes) and its
// bytes; 0 stands for an absent text.

let memory = null;
let bytes = new Uint8Array(0);
let encoder = null;
let ruleIds = [];
const keyPositions = Object.create(null);

/**
 * A reader of `encoded`, a string of `<length><text>`s: `text()` takes the next text (null for
 * an absent one), `length()` a count written as a length is, `char()` the next single
 * character's code, `more()` whether any is left.
 */
function counted(encoded) {
  let at = 0;
  const length = () => {
    let n = encoded.charCodeAt(at);
    at += 1;
    if (n === LONG) {
      const colon = encoded.indexOf(':', at);
      n = Number(encoded.slice(at, colon));
      at = colon + 1;
    }
    return n;
  };
  return {
    more: () => at < encoded.length,
    char: () => encoded.charCodeAt(at++),
    length,
    text() {
      if (encoded.charCodeAt(at) === ABSENT) {
        at += 1;
        return null;
      }
      const n = length();
      const value = encoded.slice(at, at + n);
      at += n;
      return value;
    },
  };
}

/** Every text of a string of `<length><text>`s. */
function texts(encoded) {
  const read = counted(encoded);
  const out = [];
  while (read.more()) out.push(read.text());
  return out;
}

/**
 * Given once: the wasm memory that `writeRequest` writes into, the rule ids in the order
 * `decodeDiagnostics` numbers them, and the keys `writeRequest` writes as their position.
 */
export function useTables(wasmMemory, rules, keys) {
  memory = wasmMemory;
  ruleIds = texts(rules);
  texts(keys).forEach((key, position) => { keyPositions[key] = position; });
}

function width(n) {
  return n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5;
}

/** The most bytes `put` writes for `text`: 3 per UTF-16 unit, and its length (LEB128). */
function most(text) {
  return text.length * 3 + 5;
}

/**
 * Writes `text` at `at`, before `end`, and returns where it ends; -1 when it might not fit.
 */
function put(b, at, end, text) {
  const n = text.length;
  if (at + most(text) > end) return -1;
  let w = n < 0x7f ? 1 : width(n + 1);
  let i = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) break;
    b[at + w + i] = c;
  }
  let length = n;
  if (i < n) {
    const wide = width(n * 3 + 1);
    if (wide !== w) b.copyWithin(at + wide, at + w, at + w + i);
    w = wide;
    encoder ??= new TextEncoder();
    length = i + encoder.encodeInto(text.slice(i), b.subarray(at + w + i, end)).written;
  }
  let v = length + 1;
  for (let k = 1; k < w; k++) {
    b[at++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  b[at] = v;
  return at + 1 + length;
}

/**
 * Writes a request's wire fields at `at` in wasm memory, which has room for `capacity`
 * bytes: first `operation` when `withOperation` (absent when not a string), then one byte,
 * 1 when `params` is not a plain object (and nothing follows) and 0 otherwise, then key and
 * value for each field. Numbers and booleans are written as JavaScript writes them; null and
 * undefined leave the field out. A value of any other type is written as absent, so that the
 * caller can name the key. Returns the bytes written, or when they did not fit, more than
 * `capacity`: at most what a second call needs.
 */
export function writeRequest(withOperation, operation, params, at, capacity) {
  if (bytes.buffer !== memory.buffer) bytes = new Uint8Array(memory.buffer);
  const b = bytes;
  const end = at + capacity;
  // Room for the two single bytes that may come before the first checked text.
  if (capacity < 2) return 2 + room(withOperation, operation, params);
  let p = at;
  if (withOperation) {
    if (typeof operation === 'string') {
      p = put(b, p, end, operation);
      if (p < 0) return capacity + room(withOperation, operation, params);
    } else {
      b[p++] = 0;
    }
  }
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    b[p++] = 1;
    return p - at;
  }
  b[p++] = 0;
  for (const name of Object.keys(params)) {
    const value = params[name];
    let text;
    switch (typeof value) {
      case 'string':
        text = value;
        break;
      case 'number':
      case 'boolean':
        text = String(value);
        break;
      case 'undefined':
        continue;
      default:
        if (value === null) continue;
        text = null;
    }
    const position = keyPositions[name];
    if (position === undefined) {
      p = put(b, p, end, name);
      if (p < 0) return capacity + room(withOperation, operation, params);
    } else {
      if (p + 2 > end) return capacity + room(withOperation, operation, params);
      b[p++] = 0;
      b[p++] = position;
    }
    if (text === null) {
      if (p + 1 > end) return capacity + room(withOperation, operation, params);
      b[p++] = 0;
    } else {
      p = put(b, p, end, text);
      if (p < 0) return capacity + room(withOperation, operation, params);
    }
  }
  return p - at;
}

/** At most the bytes `writeRequest` needs for these arguments. */
function room(withOperation, operation, params) {
  let need = 2 + (withOperation && typeof operation === 'string' ? most(operation) : 0);
  if (typeof params !== 'object' || params === null) return need;
  for (const name of Object.keys(params)) {
    const value = params[name];
    const written = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
    need += most(name) + (written ? most(String(value)) : 1);
  }
  return need;
}

/**
 * Diagnostics from the string wasm writes for them: per diagnostic one character for its
 * rule and severity, then its field, code, message, message key (U+007F when it is the rule
 * id), the count of its arguments and each one's name and value, and its suggestion; the code
 * and suggestion U+007F when absent. The character is `2 * n + 1` for an error of the rule
 * `ruleIds[n]` and one more for a warning; 0 when the rule and severity follow as texts. One
 * string and plain object literals cost less than creating each object and field from wasm.
 */
export function decodeDiagnostics(encoded) {
  const read = counted(encoded);
  const diagnostics = [];
  while (read.more()) {
    const header = read.char() - 1;
    let rule;
    let severity;
    if (header < 0) {
      rule = read.text();
      severity = read.text();
    } else {
      rule = ruleIds[header >> 1];
      severity = header & 1 ? 'warning' : 'error';
    }
    const field = read.text();
    const code = read.text();
    const message = read.text();
    const key = read.text() ?? rule;
    const args = {};
    for (let n = read.length(); n > 0; n -= 1) {
      const name = read.text();
      args[name] = read.text();
    }
    diagnostics.push({ rule, severity, field, code, message, key, args, suggestion: read.text() });
  }
  return diagnostics;
}
