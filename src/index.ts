// The platform-free part of gonet's public surface, re-exported by each backend's index.

export type { Addr, Conn, Listener, PacketConn, DeadlineInput, NetworkName } from "./net.js";
export {
  OpError,
  AddrError,
  DNSError,
  ParseError,
  UnknownNetworkError,
  SyscallError,
  Errno,
  GoError,
  SentinelError,
  ErrClosed,
  ErrDeadlineExceeded,
  ErrUnsupported,
  ErrPermission,
  ErrWriteToConnected,
  ErrCanceled,
  ErrContextDeadlineExceeded,
  ErrExist,
  ErrNotExist,
  ErrMissingAddress,
  Is,
  As,
} from "./errors.js";
export type { NetErrorLike, OpErrorInit, DNSErrorInit } from "./errors.js";
export { IPPortAddr, TCPAddr, UDPAddr, UnixAddr } from "./addr.js";
export type { IPZone } from "./addr.js";
export type { LookupPortFunc } from "./ipsock.js";
export { TCPConn, TCPListener } from "./tcp.js";
export { UnixConn, UnixListener } from "./unix.js";
export type { AddrResolver, IPAddrLike, ListenConfigInit } from "./dial.js";
export {
  IP,
  IPMask,
  IPNet,
  IPv4,
  IPv4Mask,
  CIDRMask,
  ParseIP,
  ParseCIDR,
  IPv4len,
  IPv6len,
  IPv4bcast,
  IPv4allsys,
  IPv4allrouter,
  IPv4zero,
  IPv6zero,
  IPv6unspecified,
  IPv6loopback,
  IPv6interfacelocalallnodes,
  IPv6linklocalallnodes,
  IPv6linklocalallrouters,
} from "./ip.js";
export type { IPNetInit } from "./ip.js";
export { SplitHostPort, JoinHostPort } from "./ipsock.js";
export { ResolveUnixAddr } from "./addr.js";
export type { IPPortAddrInit, UnixAddrInit } from "./addr.js";
export { Pipe } from "./pipe.js";
export { WSAddr, CloseError, CloseStatus, HandshakeError, ErrReceiveQueueFull, statusCodeString } from "./websocket-conn.js";
export type { CloseErrorInit, WebSocketConnOptions } from "./websocket-conn.js";
export { UDPConn, defaultUDPQueueLength } from "./udp.js";
export type { DialedUDPConn } from "./udp.js";
