// npm run bench: every benchmark, each gonet figure beside the raw layer it wraps, same run.
// `npm run bench -- --quick` runs smaller sizes. Run under `taskset -c 0` to keep both ends on one core.
import { runHTTP } from "./http.js";
import { runHeldLoad } from "./load.js";
import { runTCP } from "./tcp.js";
import { runTLS } from "./tls.js";
import { runUDP } from "./udp.js";
import { runWS } from "./ws.js";
import { runWSBroadcast } from "./ws-broadcast.js";

const quick = process.argv.includes("--quick");
const only = process.argv.find((a) => a.startsWith("--only="))?.slice(7);
const suites: Record<string, (q: boolean) => Promise<unknown>> = { tcp: runTCP, udp: runUDP, tls: runTLS, ws: runWS, wsbroadcast: runWSBroadcast, http: runHTTP, load: runHeldLoad };
for (const [name, run] of Object.entries(suites)) {
  if (only !== undefined && only !== name) continue;
  console.log(`# ${name}`);
  await run(quick);
}
