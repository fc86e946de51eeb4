// Structured arguments (snapshots, route tables, gateway facts) cross into wasm as one JSON
// text: one `JSON.stringify` here costs less than reading the object field by field from wasm,
// and less `.wasm` than a reader of JS values.

/** Names `key` of `holder` by its path from `root`, found by a search that runs only for an error. */
function pathOf(root, holder, key) {
  const seen = new Set();
  const search = (value, path) => {
    if (value === holder) return path;
    if (typeof value !== 'object' || value === null || seen.has(value)) return null;
    seen.add(value);
    for (const k of Object.keys(value)) {
      const found = search(value[k], Array.isArray(value) ? `${path}[${k}]` : path ? `${path}.${k}` : k);
      if (found !== null) return found;
    }
    return null;
  };
  const where = search(root, '') ?? '';
  if (Array.isArray(holder)) return `${where}[${key}]`;
  return where === '' ? key : `${where}.${key}`;
}

/**
 * `value` as JSON text (`null` for undefined). Throws a message when JSON cannot hold it:
 * a function, symbol or BigInt anywhere (which `JSON.stringify` would drop or refuse) is
 * named by its path, as is everything the wasm side refuses; a cycle as `JSON.stringify` says.
 */
export function jsonText(value) {
  let text;
  try {
    text = JSON.stringify(value, function (key, item) {
      const type = typeof item;
      if (type === 'function' || type === 'symbol' || type === 'bigint') {
        const at = key === '' && this[key] === value ? '' : `${pathOf(value, this, key)}: `;
        throw `${at}expected JSON data, found a ${type === 'bigint' ? 'BigInt' : type}`;
      }
      return item;
    });
  } catch (error) {
    throw typeof error === 'string' ? error : String(error?.message ?? error);
  }
  return text ?? 'null';
}
