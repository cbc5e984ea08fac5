// `npm run example:doh-lookup`: DNS over HTTPS with gonet's Resolver (the same client the browser
// uses). There is no internet here, so the example starts its own DoH server on loopback with a
// small zone, then resolves through it. Pass a URL to use another server:
//   npm run example:doh-lookup -- https://dns.example/dns-query name.example
import http from "node:http";
import { Resolver, DNSError } from "gonet";
import { expect, ok } from "../check.js";

// A tiny RFC 8484 server for the example zone: answers A/AAAA/TXT/CNAME from a table, NXDOMAIN
// otherwise. (The test suite has a fuller one in test/helpers/dohserver.ts.)
const zone: Record<string, { type: number; data: Uint8Array }[]> = {
  "app.example.test": [
    { type: 1, data: Uint8Array.of(192, 0, 2, 10) },
    { type: 28, data: Uint8Array.of(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10) },
  ],
  "www.example.test": [{ type: 5, data: name("app.example.test") }],
  "txt.example.test": [{ type: 16, data: Uint8Array.of(11, ...new TextEncoder().encode("hello gonet")) }],
};

function name(n: string): Uint8Array {
  const out: number[] = [];
  for (const label of n.split(".")) out.push(label.length, ...new TextEncoder().encode(label));
  out.push(0);
  return Uint8Array.from(out);
}

function answer(q: Uint8Array): Uint8Array {
  // question: after the 12-byte header, labels then type and class
  let i = 12;
  const labels: string[] = [];
  while (q[i] !== 0) {
    const len = q[i]!;
    labels.push(new TextDecoder().decode(q.subarray(i + 1, i + 1 + len)));
    i += len + 1;
  }
  const qtype = (q[i + 1]! << 8) | q[i + 2]!;
  const question = q.subarray(12, i + 5);
  let qname = labels.join(".").toLowerCase();
  const rrs: number[] = [];
  let count = 0;
  for (let hops = 0; hops < 8; hops++) {
    const records = zone[qname] ?? [];
    const cname = records.find((r) => r.type === 5);
    for (const r of records.filter((r) => r.type === qtype || r.type === 5)) {
      rrs.push(...name(qname), r.type >> 8, r.type & 255, 0, 1, 0, 0, 0, 60, r.data.length >> 8, r.data.length & 255, ...r.data);
      count++;
    }
    if (cname === undefined || qtype === 5) break;
    qname = decodeName(cname.data);
  }
  const nx = zone[labels.join(".").toLowerCase()] === undefined;
  const header = [q[0]!, q[1]!, 0x81, nx ? 0x83 : 0x80, 0, 1, count >> 8, count & 255, 0, 0, 0, 0];
  return Uint8Array.from([...header, ...question, ...rrs]);
}

function decodeName(b: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; b[i] !== 0; i += b[i]! + 1) parts.push(new TextDecoder().decode(b.subarray(i + 1, i + 1 + b[i]!)));
  return parts.join(".");
}

let server: http.Server | null = null;
let url = process.argv[2];
if (url === undefined) {
  server = http.createServer((req, res) => {
    const q = new URL(req.url ?? "/", "http://x").searchParams.get("dns");
    if (q === null) return void res.writeHead(400).end();
    const body = answer(Uint8Array.from(Buffer.from(q, "base64url")));
    res.writeHead(200, { "content-type": "application/dns-message", "content-length": body.length }).end(body);
  });
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/dns-query`;
  console.log(`example DoH server on ${url}`);
}

const r = new Resolver({ DoH: url });
const names = process.argv[3] !== undefined ? [process.argv[3]] : ["app.example.test", "www.example.test", "missing.example.test"];
const got: Record<string, string> = {};
for (const n of names) {
  try {
    got[n] = JSON.stringify(await r.LookupHost(null, n));
    console.log(`LookupHost(${n}) = ${got[n]}`);
  } catch (err) {
    if (!(err instanceof DNSError)) throw err;
    got[n] = `${err.message} (IsNotFound=${err.IsNotFound})`;
    console.log(`LookupHost(${n}) failed: ${got[n]}`);
  }
}
if (server !== null) {
  const cname = await r.LookupCNAME(null, "www.example.test");
  const txt = await r.LookupTXT(null, "txt.example.test");
  console.log(`LookupCNAME(www.example.test) = ${cname}`);
  console.log(`LookupTXT(txt.example.test) = ${JSON.stringify(txt)}`);
  server.close();
  // What the example zone above holds, as Go's resolver reports it.
  expect(got["app.example.test"] === '["192.0.2.10","2001:db8::10"]', "app.example.test has its A and AAAA");
  expect(got["www.example.test"] === got["app.example.test"], "www.example.test follows its CNAME");
  expect(got["missing.example.test"] === "lookup missing.example.test on " + url + ": no such host (IsNotFound=true)", "a missing name is NXDOMAIN");
  expect(cname === "app.example.test.", "LookupCNAME gives the canonical name, fully qualified");
  expect(JSON.stringify(txt) === '["hello gonet"]', "LookupTXT gives the TXT record");
  ok();
}
