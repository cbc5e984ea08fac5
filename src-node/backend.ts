// The Node platform's Backend: node:net for TCP and unix stream sockets.

import type { Backend } from "../src/backend.js";
import { dialTCP, listenTCP } from "./tcp.js";
import { dialUnix, listenUnix } from "./unix.js";

/** backend is the Node implementation of the core's Backend interface. @internal */
export const backend: Backend = {
  name: "node",
  dialTCP,
  listenTCP,
  dialUnix,
  listenUnix,
  unsupportedHint(op, network) {
    if (network === "unixgram" || network === "unixpacket") {
      return `Node has no ${network} sockets; use "unix" for streams or "udp" for datagrams`;
    }
    if (network.startsWith("ip:") || network.startsWith("ip4:") || network.startsWith("ip6:")) {
      return `Node cannot open raw IP sockets; use "tcp" or "udp"`;
    }
    void op;
    return "";
  },
};
