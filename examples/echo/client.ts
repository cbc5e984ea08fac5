// An echo client: Dial, Write, half-close, read the answer with io.ReadAll.
import { Dial, TCPConn } from "gonet";
import { ReadAll } from "gonet/io";

/** roundTrip sends msg to the echo server at address and returns what came back. */
export async function roundTrip(address: string, msg: string): Promise<string> {
  await using conn = await Dial("tcp", address);
  conn.SetDeadline(Date.now() + 5000);
  await conn.Write(new TextEncoder().encode(msg));
  if (conn instanceof TCPConn) await conn.CloseWrite();
  return new TextDecoder().decode(await ReadAll(conn));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await roundTrip(process.argv[2] ?? "127.0.0.1:7000", process.argv[3] ?? "hello, gonet"));
}
