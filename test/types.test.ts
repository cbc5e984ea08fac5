// Compile-time checks: mistakes the type system should catch fail `npm run typecheck` (an
// expect-error directive that expects nothing is itself an error), and the runtime behaviour
// behind each stays Go's.

import assert from "node:assert/strict";
import { it } from "node:test";
import { Dial, Dialer, Listen, UnknownNetworkError, type NetworkName } from "../src-node/index.js";

it("a misspelled network fails to compile; a cast one fails at run time as Go's", async () => {
  // @ts-expect-error "tpc" is not a network
  const typo = (): unknown => Dial("tpc", "127.0.0.1:1");
  // @ts-expect-error "tcp8" is not a network
  const typo2 = (): unknown => new Dialer().Dial("tcp8", "127.0.0.1:1");
  // @ts-expect-error listening on "http" is a category mistake
  const typo3 = (): unknown => Listen("http", ":0");
  const ok: NetworkName[] = ["tcp", "tcp4", "tcp6", "udp", "udp4", "udp6", "unix", "unixgram", "unixpacket", "ws", "wss", "ip", "ip4:icmp", "ip6:58"];
  assert.equal(ok.length, 14);
  await assert.rejects(Promise.resolve().then(typo), (e: unknown) => e instanceof Error && e.message === "dial tpc: unknown network tpc" && (e as { Err?: unknown }).Err instanceof UnknownNetworkError);
  await assert.rejects(Promise.resolve().then(typo2), /^dial tcp8: unknown network tcp8$/);
  await assert.rejects(Promise.resolve().then(typo3), /unknown network http$/);
  await assert.rejects(Dial("tpc" as NetworkName, "x"), /^dial tpc: unknown network tpc$/, "the escape hatch is a cast");
});
