// The Node default resolver used by Dial and Listen.

import type { AddrResolver, IPAddrLike } from "../src/dial.js";
import { lookup } from "node:dns/promises";
import { ParseIP } from "../src/ip.js";
import { DNSError } from "../src/errors.js";
import { lookupPortMap } from "../src/ipsock.js";

let current: AddrResolver | null = null;

const system: AddrResolver = {
  async LookupIPAddr(_signal, host) {
    try {
      const rs = await lookup(host, { all: true, verbatim: true });
      return rs.map((r): IPAddrLike => ({ IP: ParseIP(r.address)!, Zone: "" }));
    } catch (err) {
      throw new DNSError({ Err: "no such host", Name: host, IsNotFound: true, cause: err });
    }
  },
  async LookupPort(_signal, network, service) {
    return lookupPortMap(network, service);
  },
};

/** defaultResolver returns the resolver Dial uses when a Dialer names none. @internal */
export function defaultResolver(): AddrResolver {
  return current ?? system;
}

/** setDefaultResolverInternal replaces it. @internal */
export function setDefaultResolverInternal(r: AddrResolver | null): void {
  current = r;
}
