// The benchmarks measure the built package (dist/), what users run: the sources under tsx carry
// esbuild's keepNames wrappers on every closure, which costs a visible share of a round trip.
// Types come from the sources; `npm run bench` builds first.

function dist(path: string): string {
  return new URL(`../dist/${path}`, import.meta.url).href;
}

/** net is gonet's Node entry, loaded from dist/. */
export const net = (await import(dist("src-node/index.js"))) as typeof import("../src-node/index.js");

/** tls is gonet/tls for Node, loaded from dist/. */
export const tls = (await import(dist("src-node/tls/index.js"))) as typeof import("../src-node/tls/index.js");

/** websocket is gonet/websocket for Node, loaded from dist/. */
export const websocket = (await import(dist("src-node/websocket.js"))) as typeof import("../src-node/websocket.js");
