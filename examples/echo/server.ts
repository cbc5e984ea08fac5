// An echo server in Go's style: Listen, then one async task per accepted Conn, io.Copy back.
import { Listen, type Conn, type Listener } from "gonet";
import { Copy } from "gonet/io";

/** serve echoes every byte of every connection back until the listener closes. */
export async function serve(l: Listener): Promise<void> {
  for await (const conn of l) void echo(conn);
}

async function echo(conn: Conn): Promise<void> {
  await using c = conn;
  try {
    await Copy(c, c);
  } catch (err) {
    console.error("echo:", (err as Error).message);
  }
}

// Run directly: `node --import tsx examples/echo/server.ts 127.0.0.1:7000`
if (import.meta.url === `file://${process.argv[1]}`) {
  const l = await Listen("tcp", process.argv[2] ?? "127.0.0.1:7000");
  console.log(`echo server on ${l.Addr().String()}`);
  await serve(l);
}
