// A loopback TCP listener whose accept queue is full, so a further connect hangs (its SYNs are
// dropped) until the dialer gives up: the way to test dial timeouts and cancellation without
// leaving the machine. Node accepts eagerly, so the listener is a python3 process.

import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { once } from "node:events";

const script = `
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(("127.0.0.1", 0))
s.listen(0)
print(s.getsockname()[1], flush=True)
sys.stdin.read()
`;

/** Blackhole is a listener that never accepts, with its queue already full. */
export interface Blackhole {
  addr: string;
  close(): Promise<void>;
}

/** blackhole starts one; close() ends it. */
export async function blackhole(): Promise<Blackhole> {
  const child: ChildProcess = spawn("python3", ["-c", script], { stdio: ["pipe", "pipe", "inherit"] });
  const [line] = (await once(child.stdout!, "data")) as [Buffer];
  const port = Number(line.toString().trim());
  // Fill the accept queue (backlog 0 holds one) and the SYN queue.
  const fillers: net.Socket[] = [];
  for (let i = 0; i < 3; i++) {
    const s = net.connect({ host: "127.0.0.1", port });
    s.on("error", () => {});
    fillers.push(s);
  }
  await new Promise((r) => setTimeout(r, 100));
  return {
    addr: `127.0.0.1:${port}`,
    async close() {
      for (const s of fillers) s.destroy();
      child.stdin!.end();
      child.kill();
      if (child.exitCode === null) await once(child, "exit");
    },
  };
}
