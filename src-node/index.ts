// gonet for Node: Go's net package on node:net, node:dgram and node:dns.

export * from "../src/index.js";
export { Dialer, ListenConfig, Dial, DialTimeout, Listen, DialTCP, ListenTCP, DialUnix, ListenUnix, ResolveTCPAddr, ResolveUDPAddr } from "./dial.js";
export type { DialerInit } from "./dial.js";
