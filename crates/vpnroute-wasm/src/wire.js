// Runs in JavaScript, before the call enters wasm: reading an object's fields one by one from
// wasm costs a boundary crossing per key and per value, which was most of a validate call.
//
// Diagnostics come back as one string of texts written as `<length><text>`, the length
// counted in UTF-16 code units. A length below 0xD000 is the one character with that code: a
// short text costs one character more, and reading it needs no search and no number parsing.
// A longer one is U+E000, the length in decimal and `:`. U+E001 stands for an absent value.

const LONG = 0xe000;
const ABSENT = 0xe001;

// Requests go the other way as bytes written straight into wasm memory, into a buffer the
// caller hands over: no string is built in JavaScript and none is copied again by the glue.
// Each text is its UTF-8 length plus one (LEB128, maybe padded with 0x80 bytes) and its
// bytes; 0 stands for an absent text.

let memory = null;
let bytes = new Uint8Array(0);
let encoder = null;
let pos = 0;
let end = 0;
let need = 0;

/** The wasm memory that `writeRequest` writes into; given once. */
export function useMemory(wasmMemory) {
  memory = wasmMemory;
}

function width(n) {
  return n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5;
}

function putByte(b) {
  if (need === 0 && pos < end) bytes[pos++] = b;
  else need += 1;
}

function put(text) {
  const n = text.length;
  if (need !== 0 || pos + n * 3 + 5 > end) {
    need += n * 3 + 5;
    return;
  }
  let w = width(n + 1);
  let i = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) break;
    bytes[pos + w + i] = c;
  }
  let length = n;
  if (i < n) {
    const wide = width(n * 3 + 1);
    if (wide !== w) bytes.copyWithin(pos + wide, pos + w, pos + w + i);
    w = wide;
    encoder ??= new TextEncoder();
    length = i + encoder.encodeInto(text.slice(i), bytes.subarray(pos + w + i, end)).written;
  }
  let v = length + 1;
  for (let k = 1; k < w; k++) {
    bytes[pos++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  bytes[pos++] = v;
  pos += length;
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
  pos = at;
  end = at + capacity;
  need = 0;
  if (withOperation) {
    if (typeof operation === 'string') put(operation);
    else putByte(0);
  }
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    putByte(1);
  } else {
    putByte(0);
    for (const key of Object.keys(params)) {
      const value = params[key];
      switch (typeof value) {
        case 'string':
          put(key);
          put(value);
          break;
        case 'number':
        case 'boolean':
          put(key);
          put(String(value));
          break;
        case 'undefined':
          break;
        default:
          if (value !== null) {
            put(key);
            putByte(0);
          }
      }
    }
  }
  return pos - at + need;
}

/**
 * Diagnostics from the string wasm writes for them: per diagnostic its rule, severity,
 * field, code, message and suggestion, the code and suggestion U+E001 when absent. One
 * string and plain object literals cost less than creating each object and field from wasm.
 */
export function decodeDiagnostics(text) {
  const diagnostics = [];
  let at = 0;
  const next = () => {
    let length = text.charCodeAt(at);
    at += 1;
    if (length === ABSENT) return null;
    if (length === LONG) {
      const colon = text.indexOf(':', at);
      length = Number(text.slice(at, colon));
      at = colon + 1;
    }
    const value = text.slice(at, at + length);
    at += length;
    return value;
  };
  while (at < text.length) {
    diagnostics.push({ rule: next(), severity: next(), field: next(), code: next(), message: next(), suggestion: next() });
  }
  return diagnostics;
}
