// gonet for the browser: Go's net package where a browser can follow it (ws/wss dialing, DoH
// lookups, IP utilities, Pipe); everything else fails with ErrUnsupported and a hint.

export * from "../src/index.js";
export { Dialer, ListenConfig, Dial, DialTimeout, Listen, DialTCP, ListenTCP, DialUnix, ListenUnix, ResolveTCPAddr, ResolveUDPAddr } from "./dial.js";
export type { DialerInit } from "./dial.js";
