// The Node side of the browser tests: a gonet Listen("ws") server whose behaviour depends on
// the request path, a raw ws server that closes with 4000, and a static HTTP server for the
// page and its esbuild bundle. Everything listens on 127.0.0.1, port 0.

import http from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";
import type { Conn } from "../src/net.js";
import { listenWebSocket } from "../src-node/ws.js";
import { startDoHServer } from "../test/helpers/dohserver.js";
import { bundlePage } from "./chromium.js";

/** E2EServers are the running servers; close stops them all. */
export interface E2EServers {
  /** ws is the base URL of the gonet listener (`ws://127.0.0.1:port`). */
  ws: string;
  /** raw4000 is the URL of a raw ws server that closes every connection with 4000 "custom reason". */
  raw4000: string;
  /** page is the URL of the test page. */
  page: string;
  /** doh is the URL of a DoH server (CORS open) that knows app.gonet.test and www.gonet.test. */
  doh: string;
  close(): Promise<void>;
}

async function pump(from: Conn, to: Conn): Promise<void> {
  const buf = new Uint8Array(64 * 1024);
  try {
    for (;;) {
      const n = await from.Read(buf);
      if (n === null) break;
      await to.Write(buf.subarray(0, n));
    }
  } catch {
    // a failed side ends the pump; the other side is closed below
  }
  await to.Close().catch(() => {});
}

/**
 * serve handles one accepted Conn by path: /echo echoes until end of stream; /bye writes "bye"
 * and closes normally (1000); /flood writes until the peer fails; /bridge?id=X pairs two Conns with the same id and pipes them
 * together, so a page can hold both ends of a Conn pair.
 */
function serve(c: Conn, bridges: Map<string, Conn>): void {
  const u = new URL(c.LocalAddr().String());
  switch (u.pathname) {
    case "/echo":
      void pump(c, c);
      return;
    case "/flood":
      // Writes until the peer gives up: a reader that cannot pause must fail, not grow.
      void (async () => {
        const chunk = new Uint8Array(64 * 1024).fill(0x5a);
        try {
          for (;;) await c.Write(chunk);
        } catch {
          // the browser closed the conn
        }
        await c.Close().catch(() => {});
      })();
      return;
    case "/bye":
      void c.Write(new TextEncoder().encode("bye")).then(() => c.Close());
      return;
    case "/bridge": {
      const id = u.searchParams.get("id") ?? "";
      const other = bridges.get(id);
      if (other === undefined) {
        bridges.set(id, c);
        return;
      }
      bridges.delete(id);
      void pump(other, c);
      void pump(c, other);
      return;
    }
    default:
      void c.Close();
  }
}

/** startServers starts the servers the page talks to. */
export async function startServers(): Promise<E2EServers> {
  const l = await listenWebSocket("ws", "127.0.0.1:0");
  const bridges = new Map<string, Conn>();
  const conns: Conn[] = [];
  void (async () => {
    for await (const c of l) {
      conns.push(c);
      serve(c, bridges);
    }
  })();

  const raw = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((resolve) => raw.once("listening", resolve));
  raw.on("connection", (ws) => {
    ws.on("error", () => {});
    ws.send(Buffer.from("before"));
    ws.close(4000, "custom reason");
  });

  const doh = await startDoHServer({
    cors: true,
    zone: [
      { name: "app.gonet.test", type: "A", ttl: 60, data: "192.0.2.10" },
      { name: "app.gonet.test", type: "AAAA", ttl: 60, data: "2001:db8::10" },
      { name: "www.gonet.test", type: "CNAME", ttl: 60, data: "app.gonet.test" },
    ],
  });

  const bundle = await bundlePage("./page.ts");
  const html = `<!doctype html><meta charset="utf-8"><title>gonet e2e</title><script type="module" src="/bundle.js"></script>`;
  const web = http.createServer((req, res) => {
    if (req.url === "/bundle.js") {
      res.writeHead(200, { "Content-Type": "text/javascript" });
      res.end(bundle);
    } else if (req.url === "/" || req.url === "/index.html") {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end(html);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));

  return {
    ws: l.Addr().String().replace(/\/$/, ""),
    raw4000: `ws://127.0.0.1:${(raw.address() as AddressInfo).port}/`,
    page: `http://127.0.0.1:${(web.address() as AddressInfo).port}/`,
    doh: doh.url,
    close: async () => {
      await doh.close();
      await l.Close().catch(() => {});
      await Promise.all(conns.map((c) => c.Close().catch(() => {})));
      for (const c of raw.clients) c.terminate();
      await new Promise<void>((resolve) => raw.close(() => resolve()));
      web.closeAllConnections();
      await new Promise<void>((resolve) => web.close(() => resolve()));
    },
  };
}
