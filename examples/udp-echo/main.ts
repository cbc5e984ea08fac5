// `npm run example:udp-echo`: a UDP echo server on a PacketConn (ReadFrom/WriteTo) and a dialed
// UDP client (Write/Read), on loopback.
import { Dial, ListenPacket } from "gonet";
import { expect, ok } from "../check.js";

const pc = await ListenPacket("udp", "127.0.0.1:0");
console.log(`udp echo server on ${pc.LocalAddr().String()}`);
const serving = (async () => {
  const buf = new Uint8Array(1500);
  for (;;) {
    let n: number, from;
    try {
      [n, from] = await pc.ReadFrom(buf);
    } catch {
      return; // closed
    }
    await pc.WriteTo(buf.subarray(0, n), from);
  }
})();

await using conn = await Dial("udp", pc.LocalAddr().String());
conn.SetDeadline(Date.now() + 2000); // datagrams can be lost: never wait forever
const enc = new TextEncoder();
const dec = new TextDecoder();
for (const msg of ["hello", "over", "udp"]) {
  await conn.Write(enc.encode(msg));
  const buf = new Uint8Array(64);
  const n = await conn.Read(buf);
  const got = dec.decode(buf.subarray(0, n ?? 0));
  console.log(`sent ${JSON.stringify(msg)} from ${conn.LocalAddr().String()}, got back ${JSON.stringify(got)}`);
  expect(got === msg, "the echoed datagram is what was sent");
}
await pc.Close();
await serving;
ok();
