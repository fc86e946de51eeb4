// The npm package's analysis module, which the console's build puts in `analysis/`. It is
// fetched, with its .wasm, the first time a page asks what a change does to traffic.
let loaded;

export async function ask(name, args) {
  loaded ??= import(new URL('analysis/vpnroute_wasm.js', document.baseURI).href).then(async (analysis) => {
    await analysis.default();
    return analysis;
  });
  const analysis = await loaded;
  return JSON.stringify(analysis[name](...JSON.parse(args)));
}
