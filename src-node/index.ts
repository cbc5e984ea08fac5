// gonet for Node: Go's net package on node:net, node:dgram and node:dns.

export * from "../src/index.js";
export { Dialer, ListenConfig, Dial, DialTimeout, Listen, DialTCP, ListenTCP, DialUnix, ListenUnix, ResolveTCPAddr, ResolveUDPAddr, ListenPacket, ListenUDP, DialUDP } from "./dial.js";
export type { DialerInit } from "./dial.js";
export { Resolver, DefaultResolver, LookupHost, LookupIP, LookupPort, LookupCNAME, LookupSRV, LookupMX, LookupNS, LookupTXT, LookupAddr } from "./lookup.js";
export { setDefaultResolver } from "../src/lookup.js";
export type { MX, NS, SRV, ResolverInit, SystemResolver } from "../src/lookup.js";

