// `npm run example:echo`: starts the echo server on a free loopback port, talks to it over TCP,
// prints the answer and stops.
import { Listen } from "gonet";
import { roundTrip } from "./client.js";
import { serve } from "./server.js";
import { expect, ok } from "../check.js";

const l = await Listen("tcp", "127.0.0.1:0");
console.log(`echo server listening on ${l.Addr().String()}`);
const serving = serve(l);
for (const msg of ["hello, gonet", "Go's net, in TypeScript"]) {
  const got = await roundTrip(l.Addr().String(), msg);
  console.log(`sent ${JSON.stringify(msg)}, got back ${JSON.stringify(got)}`);
  expect(got === msg, "the echo is what was sent");
}
await l.Close();
await serving;
ok();
