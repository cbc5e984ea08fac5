// Opens N idle TCP connections to 127.0.0.1:PORT, tells the parent, then waits to be killed.
import net from "node:net";
const [port, n] = process.argv.slice(2).map(Number) as [number, number];
const socks: net.Socket[] = [];
let open = 0;
await new Promise<void>((resolve) => {
  let i = 0;
  const next = (): void => {
    // Open in batches so the listen backlog never overflows.
    for (let k = 0; k < 200 && i < n; k++, i++) {
      const s = net.connect(port, "127.0.0.1", () => { if (++open === n) resolve(); else if (open % 200 === 0) next(); });
      s.on("error", () => {});
      socks.push(s);
    }
  };
  next();
});
process.send?.("ready");
setInterval(() => {}, 1 << 30);
