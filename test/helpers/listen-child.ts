// A child process for test/http/listen.test.ts: the package-level ListenAndServe and
// ListenAndServeTLS never return a Server to close, so they run here, in a process the test ends.
// Argv: HTTP_ADDR HTTPS_ADDR CERT_FILE KEY_FILE. It prints "ready" once both calls are made and
// exits (writing its coverage, if asked) when its stdin closes.

import { HandleFunc, HandlerFunc, ListenAndServe, ListenAndServeTLS } from "../../src-node/http/index.js";

const [httpAddr, httpsAddr, certFile, keyFile] = process.argv.slice(2) as [string, string, string, string];
const failed = (e: unknown): void => {
  console.log(`failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
};
// A null handler means DefaultServeMux.
HandleFunc("/mux", (w, r) => w.Write(`default mux ${r.Method}`));
ListenAndServe(httpAddr, null).catch(failed);
ListenAndServeTLS(httpsAddr, certFile, keyFile, HandlerFunc((w, r) => w.Write(`tls ${r.TLS !== null}`))).catch(failed);
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
console.log("ready");
