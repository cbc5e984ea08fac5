/// <reference lib="dom" />
// The page: Dial("ws") to the Node echo server and use the Conn exactly as a TCP Conn.
import { Dial, type Conn } from "gonet";

const enc = new TextEncoder();
const dec = new TextDecoder();
const log = document.querySelector<HTMLPreElement>("#log")!;
const form = document.querySelector<HTMLFormElement>("form")!;
const input = document.querySelector<HTMLInputElement>("input")!;

function say(line: string): void {
  log.textContent += line + "\n";
}

async function echo(conn: Conn, text: string): Promise<string> {
  await conn.Write(enc.encode(text));
  const want = enc.encode(text).length;
  const buf = new Uint8Array(want);
  let n = 0;
  conn.SetReadDeadline(Date.now() + 5000);
  while (n < want) {
    const k = await conn.Read(buf.subarray(n));
    if (k === null) throw new Error("the server closed the connection");
    n += k;
  }
  conn.SetReadDeadline(null);
  return dec.decode(buf);
}

const wsURL = new URLSearchParams(location.search).get("ws") ?? `ws://${location.hostname}:8081/`;
const conn = await Dial("ws", wsURL);
say(`connected: ${conn.LocalAddr().String()} -> ${conn.RemoteAddr().String()}`);
say(`echo: ${await echo(conn, "hello from the browser")}`);
document.body.dataset["ready"] = "true";
form.addEventListener("submit", (ev) => {
  ev.preventDefault();
  void echo(conn, input.value).then((t) => say(`echo: ${t}`), (err: unknown) => say(`error: ${String(err)}`));
  input.value = "";
});
