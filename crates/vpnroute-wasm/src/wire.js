// Runs in JavaScript, before the call enters wasm: reading an object's fields one by one from
// wasm costs a boundary crossing per key and per value, which was most of a validate call.
//
// Both directions write texts as `<length><text>`, the length counted in UTF-16 code units.
// A length below 0xD000 is the one character with that code: a short text costs one
// character more, and reading it needs no search and no number parsing. A longer one is
// U+E000, the length in decimal and `:`. U+E001 stands for an absent value.

const LONG = 0xe000;
const ABSENT = 0xe001;

function counted(text) {
  const length = text.length;
  return (length < 0xd000 ? String.fromCharCode(length) : '\ue000' + length + ':') + text;
}

/**
 * A request's wire fields as one string, key then value for each field. Numbers and
 * booleans are written as JavaScript writes them; null and undefined leave the field out. A
 * value of any other type is written as U+E001, so that the caller can name the key.
 * `undefined` when `params` is not a plain object.
 */
export function encodeWireParams(params) {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return undefined;
  let out = '';
  for (const key of Object.keys(params)) {
    const value = params[key];
    switch (typeof value) {
      case 'string':
        out += counted(key) + counted(value);
        break;
      case 'number':
      case 'boolean':
        out += counted(key) + counted(String(value));
        break;
      case 'undefined':
        break;
      default:
        if (value !== null) out += counted(key) + '\ue001';
    }
  }
  return out;
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
