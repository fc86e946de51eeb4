// Runs in JavaScript, before the call enters wasm: reading an object's fields one by one from
// wasm costs a boundary crossing per key and per value, which was most of a validate call.

/**
 * A request's wire fields as one string, `<length>:<key><length>:<value>` per field, lengths
 * in UTF-16 code units. Numbers and booleans are written as JavaScript writes them; null and
 * undefined leave the field out. A value of any other type is written as `-` in place of its
 * length and value, so that the caller can name the key. `undefined` when `params` is not a
 * plain object.
 */
export function encodeWireParams(params) {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return undefined;
  let out = '';
  for (const key of Object.keys(params)) {
    const value = params[key];
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
        out += key.length + ':' + key + '-';
        continue;
    }
    out += key.length + ':' + key + text.length + ':' + text;
  }
  return out;
}

/**
 * Diagnostics from the string wasm writes for them: per diagnostic its rule, severity,
 * field, code, message and suggestion, each as `<length>:<text>` (UTF-16 code units), or `-`
 * for a code or suggestion that is absent. One string and plain object literals cost less
 * than creating each object and field from wasm.
 */
export function decodeDiagnostics(text) {
  const diagnostics = [];
  let at = 0;
  const next = () => {
    if (text.charCodeAt(at) === 45) {
      at += 1;
      return null;
    }
    const colon = text.indexOf(':', at);
    const end = colon + 1 + Number(text.slice(at, colon));
    const value = text.slice(colon + 1, end);
    at = end;
    return value;
  };
  while (at < text.length) {
    diagnostics.push({ rule: next(), severity: next(), field: next(), code: next(), message: next(), suggestion: next() });
  }
  return diagnostics;
}
