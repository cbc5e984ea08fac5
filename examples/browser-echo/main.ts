// `npm run example:browser-echo`: a gonet Listen("ws") echo server and a page that Dials it.
// Open the printed URL in a browser. `-- --check` instead loads the page in headless Chromium,
// prints what it shows and exits.
import http from "node:http";
import { build } from "esbuild";
import { Listen } from "gonet";
import { Copy } from "gonet/io";
import { expect, ok } from "../check.js";

const here = new URL(".", import.meta.url).pathname;
const l = await Listen("ws", "127.0.0.1:0");
void (async () => {
  for await (const c of l) void Copy(c, c).catch(() => {}).finally(() => c.Close().catch(() => {}));
})();

const bundle = await build({
  entryPoints: [here + "app.ts"],
  bundle: true,
  platform: "browser",
  format: "esm",
  target: "es2022",
  tsconfig: here + "../../tsconfig.browser.json", // "gonet" resolves through the package's exports
  write: false,
  logLevel: "warning",
});
const js = bundle.outputFiles[0]!.text;
const html = `<!doctype html><meta charset="utf-8"><title>gonet browser echo</title>
<h1>gonet: Dial("ws") in the browser</h1><form><input placeholder="type and press enter"></form><pre id="log"></pre>
<script type="module" src="/app.js"></script>`;
const web = http.createServer((req, res) => {
  if (req.url?.startsWith("/app.js")) res.writeHead(200, { "content-type": "text/javascript" }).end(js);
  else res.writeHead(200, { "content-type": "text/html" }).end(html);
});
await new Promise<void>((r) => web.listen(8080, "127.0.0.1", r).once("error", () => web.listen(0, "127.0.0.1", r)));
const port = (web.address() as { port: number }).port;
const url = `http://127.0.0.1:${port}/?ws=${encodeURIComponent(l.Addr().String())}`;
console.log(`echo server: ${l.Addr().String()}\nopen ${url}`);

if (process.argv.includes("--check")) {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const page = await browser.newPage();
  await page.goto(url);
  await page.waitForSelector("body[data-ready=true]", { timeout: 10000 });
  const shown = (await page.textContent("#log"))?.trim() ?? "";
  console.log(shown);
  await browser.close();
  web.close();
  await l.Close();
  expect(/^connected: .+ -> ws:\/\/127\.0\.0\.1:\d+\/\necho: hello from the browser$/.test(shown), "the page dialed the server and got its echo");
  ok();
}
