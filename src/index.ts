// The platform-free part of gonet's public surface, re-exported by each backend's index.

export type { Addr, Conn, Listener, PacketConn, DeadlineInput } from "./net.js";
export {
  OpError,
  AddrError,
  DNSError,
  ParseError,
  UnknownNetworkError,
  SyscallError,
  Errno,
  SentinelError,
  ErrClosed,
  ErrDeadlineExceeded,
  ErrUnsupported,
  ErrPermission,
  ErrWriteToConnected,
  ErrCanceled,
  Is,
  As,
} from "./errors.js";
export type { NetErrorLike, OpErrorInit, DNSErrorInit } from "./errors.js";
export { TCPAddr, UDPAddr, UnixAddr } from "./addr.js";
export { TCPConn, TCPListener } from "./tcp.js";
export { UnixConn, UnixListener } from "./unix.js";
export type { AddrResolver, IPAddrLike, ListenConfigInit } from "./dial.js";
