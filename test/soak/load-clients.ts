// The client side of the held-load test (test/soak/load.ts), in its own process for its own
// file-descriptor limit: KA keep-alive connections that each made one request and stay open, and
// SLOW slowloris connections that send a request's headers one byte every DRIP ms and never
// finish them. Messages to the parent (IPC): {ka} once every keep-alive connection has its
// response, {slowOpen} once every slowloris socket is connected, {slow: closedAfterMs[]} once
// every slowloris socket was closed by the server (or WAIT ms passed; an open one counts as -1),
// and on "check" {reused}: how many keep-alive connections answered a second request.
import net from "node:net";

const [port, ka, slow, drip, wait] = process.argv.slice(2).map(Number) as [number, number, number, number, number];
const send = (m: unknown): void => void process.send?.(m);

/** request sends one GET on s and resolves true when a whole 200 response with body "ok" arrived. */
function request(s: net.Socket): Promise<boolean> {
  return new Promise((resolve) => {
    let got = "";
    const onData = (d: Buffer): void => {
      got += d.toString("latin1");
      if (got.endsWith("\r\n\r\nok")) done(got.startsWith("HTTP/1.1 200 "));
    };
    const onEnd = (): void => done(false);
    const done = (ok: boolean): void => {
      s.off("data", onData).off("close", onEnd);
      resolve(ok);
    };
    s.on("data", onData).on("close", onEnd);
    s.write("GET /ka HTTP/1.1\r\nHost: load\r\n\r\n");
  });
}

// Open in batches so the listen backlog never overflows.
async function openAll(n: number, each: (s: net.Socket) => Promise<void>): Promise<net.Socket[]> {
  const socks: net.Socket[] = [];
  for (let i = 0; i < n; i += 250) {
    await Promise.all(
      Array.from({ length: Math.min(250, n - i) }, async () => {
        const s = net.connect(port, "127.0.0.1");
        s.on("error", () => {});
        await new Promise<void>((resolve, reject) => s.once("connect", resolve).once("error", reject));
        socks.push(s);
        await each(s);
      }),
    );
  }
  return socks;
}

const kaSocks = await openAll(ka, async (s) => {
  if (!(await request(s))) throw new Error("keep-alive request failed");
});
send({ ka: kaSocks.length });

const closedAfter: number[] = [];
let open = 0;
const slowDone = new Promise<void>((resolve) => {
  const end = setTimeout(resolve, wait);
  void openAll(slow, async (s) => {
    const t0 = performance.now();
    open++;
    const head = "GET / HTTP/1.1\r\nHost: load\r\nX-Slow: ";
    s.write(head);
    let i = 0;
    const timer = setInterval(() => s.write("abcdefghij"[i++ % 10] as string), drip);
    s.on("close", () => {
      clearInterval(timer);
      closedAfter.push(performance.now() - t0);
      if (--open === 0 && closedAfter.length === slow) {
        clearTimeout(end);
        resolve();
      }
    });
  }).then((socks) => send({ slowOpen: socks.length }));
});
await slowDone;
send({ slow: [...closedAfter, ...Array.from({ length: slow - closedAfter.length }, () => -1)] });

process.on("message", async (m) => {
  if (m !== "check") return;
  const oks = await Promise.all(kaSocks.map((s) => request(s)));
  send({ reused: oks.filter(Boolean).length });
  for (const s of kaSocks) s.destroy();
  process.disconnect();
});
