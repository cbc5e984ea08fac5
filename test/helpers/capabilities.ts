// What this machine can do that some tests need: an IPv6 loopback, a localhost line in
// /etc/hosts, a system resolver that answers NXDOMAIN. Each is probed once per test process;
// a test that needs one passes the matching value as node:test's `skip` option, so a machine
// without it reports the test as skipped with the reason instead of failing or hanging.
//
//   it("works on IPv6 loopback", { skip: skipWithoutIPv6 }, async (t) => { … });
//
// GONET_TEST_WITHOUT=ipv6,localhost,nxdomain pretends a capability is absent, to check that the
// tests needing it skip.

import dns from "node:dns";
import { readFileSync } from "node:fs";
import net from "node:net";

const pretendAbsent = new Set((process.env["GONET_TEST_WITHOUT"] ?? "").split(",").map((s) => s.trim()).filter((s) => s !== ""));

/** probeIPv6 binds ::1 port 0; it resolves null when that works, else why not. */
function probeIPv6(): Promise<string | null> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", (err: NodeJS.ErrnoException) => resolve(`cannot bind [::1]:0 (${err.code ?? err.message})`));
    srv.listen({ host: "::1", port: 0, exclusive: true }, () => srv.close(() => resolve(null)));
  });
}

/** probeLocalhost reads /etc/hosts for a localhost line with 127.0.0.1 and checks getaddrinfo agrees. */
async function probeLocalhost(): Promise<string | null> {
  let hosts: string;
  try {
    hosts = readFileSync("/etc/hosts", "utf8");
  } catch (err) {
    return `cannot read /etc/hosts (${(err as NodeJS.ErrnoException).code ?? String(err)})`;
  }
  const listed = hosts.split("\n").some((line) => {
    const f = line.replace(/#.*/, "").trim().split(/\s+/);
    return f[0] === "127.0.0.1" && f.slice(1).includes("localhost");
  });
  if (!listed) return "/etc/hosts has no `127.0.0.1 localhost` line";
  try {
    const addrs = await dns.promises.lookup("localhost", { all: true });
    if (!addrs.some((a) => a.address === "127.0.0.1")) return `localhost resolves to ${addrs.map((a) => a.address).join(", ")}, not 127.0.0.1`;
  } catch (err) {
    return `localhost does not resolve (${(err as NodeJS.ErrnoException).code ?? String(err)})`;
  }
  return null;
}

/** probeNXDOMAIN asks the system resolver for a name under .invalid and wants ENOTFOUND within 3 s. */
async function probeNXDOMAIN(): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve("the system resolver did not answer within 3s"), 3000);
    timer.unref();
  });
  const answer = dns.promises.lookup("gonet-capability-probe.invalid").then(
    (a) => `the system resolver answered ${a.address} for a name under .invalid`,
    (err: NodeJS.ErrnoException) => (err.code === "ENOTFOUND" ? null : `the system resolver failed with ${err.code ?? err.message}, not NXDOMAIN`),
  );
  try {
    return await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function reason(name: string, probe: () => Promise<string | null>): Promise<string | false> {
  if (pretendAbsent.has(name)) return `needs ${name} (absent: GONET_TEST_WITHOUT=${[...pretendAbsent].join(",")})`;
  const why = await probe();
  return why === null ? false : `needs ${name}: ${why}`;
}

const [ipv6, localhost] = await Promise.all([reason("ipv6", probeIPv6), reason("localhost", probeLocalhost)]);

/** skipWithoutIPv6 is false when [::1]:0 can be bound, else the reason to skip a test that needs it. */
export const skipWithoutIPv6: string | false = ipv6;

/** skipWithoutLocalhost is false when /etc/hosts maps localhost to 127.0.0.1 (and getaddrinfo agrees), else the reason to skip. */
export const skipWithoutLocalhost: string | false = localhost;

let nxdomain: Promise<string | false> | null = null;

/**
 * skipWithoutNXDOMAIN resolves false when the system resolver answers NXDOMAIN (ENOTFOUND) for a
 * name under .invalid, else the reason to skip. It asks only when called, since the answer may
 * need the network: `it(name, { skip: await skipWithoutNXDOMAIN() }, fn)`.
 */
export function skipWithoutNXDOMAIN(): Promise<string | false> {
  nxdomain ??= reason("nxdomain", probeNXDOMAIN);
  return nxdomain;
}
