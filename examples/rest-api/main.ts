// `npm run example:rest-api`: an items REST API on a gonet Server, with logging, CORS and auth
// middleware wrapped around a ServeMux. It serves until Ctrl-C, then shuts down gracefully.
// `-- --selftest` instead makes a few calls with the gonet Client and exits.
//
//   curl -s localhost:8080/items
//   curl -s -H 'Authorization: Bearer secret' -d '{"name":"gopher","price":3}' localhost:8080/items
//   curl -s localhost:8080/items/1

import { Client, ErrServerClosed, NewRequest, Server } from "gonet/http";
import { Listen } from "gonet";
import { newAPI } from "./api.js";
import { auth, cors, logging } from "./middleware.js";
import { expect, ok } from "../check.js";

const token = process.env.API_TOKEN ?? "secret";
const selftest = process.argv.includes("--selftest");
const addr = process.env.ADDR ?? (selftest ? "127.0.0.1:0" : "127.0.0.1:8080");

// The timeouts default to 0 (none), as in Go, which lets a client that trickles its request head
// (slowloris) hold a connection forever: a server facing the internet sets ReadHeaderTimeout.
const srv = new Server({ Handler: logging(cors("*", auth(token, newAPI()))), ReadHeaderTimeout: 5000, IdleTimeout: 60_000 });
const l = await Listen("tcp", addr);
const base = `http://${l.Addr().String()}`;
const serving = srv.Serve(l).catch((e: unknown) => {
  if (e !== ErrServerClosed) throw e;
});
console.log(`items API on ${base} (token "${token}")`);

if (selftest) {
  const c = new Client({ Timeout: 5000 });
  const show = async (method: string, path: string, body?: string, authorized = false): Promise<string> => {
    const req = NewRequest(method, base + path, body ?? null);
    if (body !== undefined) req.Header.Set("Content-Type", "application/json");
    if (authorized) req.Header.Set("Authorization", `Bearer ${token}`);
    const res = await c.Do(req);
    const line = `${res.Status}: ${(await res.text()).trim()}`;
    console.log(`-> ${line}`);
    return line;
  };
  expect((await show("POST", "/items", '{"name":"gopher","price":3}')).startsWith("401 Unauthorized"), "a write without the token is refused");
  expect((await show("POST", "/items", '{"name":"gopher","price":3}', true)) === '201 Created: {"id":1,"name":"gopher","price":3}', "an item is created");
  expect((await show("GET", "/items/1")) === '200 OK: {"id":1,"name":"gopher","price":3}', "the item reads back");
  expect((await show("PUT", "/items/1", '{"name":"gopher plush","price":12}', true)) === '200 OK: {"id":1,"name":"gopher plush","price":12}', "the item is replaced");
  expect((await show("GET", "/items")) === '200 OK: [{"id":1,"name":"gopher plush","price":12}]', "the list holds it");
  expect((await show("DELETE", "/items/1", undefined, true)) === "204 No Content: ", "the item is deleted");
  expect((await show("GET", "/items/1")) === "404 Not Found: item 1 not found", "and is gone");
  await srv.Shutdown();
} else {
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.once(sig, () => {
      console.log("shutting down");
      void srv.Shutdown(AbortSignal.timeout(10_000));
    });
  }
}
await serving;
if (selftest) ok();
