// gonet for the browser: Go's net package where a browser can follow it (ws/wss dialing, DoH
// lookups, IP utilities, Pipe); everything else fails with ErrUnsupported and a hint.

export * from "../src/index.js";
export { Dialer, ListenConfig, Dial, DialTimeout, Listen, DialTCP, ListenTCP, DialUnix, ListenUnix, ResolveTCPAddr, ResolveUDPAddr, ListenPacket, ListenUDP, DialUDP } from "./dial.js";
export type { DialerInit } from "./dial.js";
export {
  Resolver,
  DefaultResolver,
  setDefaultResolver,
  LookupHost,
  LookupIP,
  LookupPort,
  LookupCNAME,
  LookupSRV,
  LookupMX,
  LookupNS,
  LookupTXT,
  LookupAddr,
} from "../src/lookup.js";
export type { MX, NS, SRV, ResolverInit, SystemResolver } from "../src/lookup.js";
