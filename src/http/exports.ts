// The platform-free part of gonet/http, re-exported by both entry points
// (src-node/http/index.ts and src-browser/http/index.ts), so that they export
// the same core names.

export type { Body, BodyInit } from "./body.js";
export { NoBody, BytesBody, MaxBytesError, MaxBytesReader } from "./body.js";
export type { RoundTripper, CookieJar, CheckRedirectFunc, ClientInit } from "./client.js";
// Client, DefaultClient, Get, Head, Post and PostForm are exported by each platform's
// http/client.ts, which installs the platform's DefaultTransport.
export { ClientError, ErrUseLastResponse } from "./client.js";
export type { CookieInit, SameSite } from "./cookie.js";
export { Cookie, ErrNoCookie, ParseCookie, ParseSetCookie, SetCookie, SameSiteDefaultMode, SameSiteLaxMode, SameSiteStrictMode, SameSiteNoneMode } from "./cookie.js";
export { HTTPError } from "./errors.js";
export type { ResponseWriter, Flusher, Handler, HandlerFunction } from "./handler.js";
export {
  HandlerFunc,
  ErrBodyNotAllowed,
  ErrHijacked,
  ErrContentLength,
  ErrHandlerTimeout,
  ErrAbortHandler,
  ErrServerClosed,
  Error,
  NotFound,
  NotFoundHandler,
  StripPrefix,
  Redirect,
  RedirectHandler,
  MaxBytesHandler,
  AllowQuerySemicolons,
  TimeoutHandler,
} from "./handler.js";
export type { HeaderInit } from "./header.js";
export { Header, CanonicalHeaderKey, CanonicalMIMEHeaderKey, ParseTime, TimeParseError, TimeFormat, TrailerPrefix } from "./header.js";
export * from "./method.js";
export { PatternError, ServeMux, NewServeMux, DefaultServeMux, Handle, HandleFunc } from "./servemux.js";
export type { RequestInit, ServerRequest, TLSConnectionState } from "./request.js";
export { Request, ParseHTTPVersion, NewRequest, NewRequestWithContext, ErrNotMultipart, ErrMissingBoundary, ErrMissingFile } from "./request.js";
export type { ResponseInit } from "./response.js";
export { Response, ErrNoLocation } from "./response.js";
export { DetectContentType } from "./sniff.js";
export * from "./status.js";
export { URLError, Values, ParseQuery, QueryEscape, QueryUnescape } from "./url.js";
export { ErrNotSupported, ResponseController, NewResponseController } from "./responsecontroller.js";
