// The resolver Dial and Listen use on Node when a Dialer names none: setDefaultResolver's, else
// the Node Resolver (the system resolver, honouring /etc/hosts).

import type { AddrResolver } from "../src/dial.js";
import { DefaultResolver } from "./lookup.js";

/** defaultResolver returns the resolver Dial uses when a Dialer names none. @internal */
export function defaultResolver(): AddrResolver {
  return DefaultResolver();
}
