// Opens N idle WebSocket connections to ws://127.0.0.1:PORT/, tells the parent, then waits.
import { WebSocket } from "ws";
const [port, n] = process.argv.slice(2).map(Number) as [number, number];
const socks: WebSocket[] = [];
let open = 0;
await new Promise<void>((resolve) => {
  let i = 0;
  const next = (): void => {
    for (let k = 0; k < 200 && i < n; k++, i++) {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/`);
      ws.on("error", () => {});
      ws.on("open", () => {
        if (++open === n) resolve();
        else if (open % 200 === 0) next();
      });
      socks.push(ws);
    }
  };
  next();
});
process.send?.("ready");
setInterval(() => {}, 1 << 30);
