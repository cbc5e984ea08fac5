// Response after Go's net/http/response.go, plus the text/json/bytes
// conveniences that docs/api.md lists.

import { SentinelError } from "../errors.js";
import type { Body, BodyInit } from "./body.js";
import { NoBody, readAllBody, toBody } from "./body.js";
import { type Cookie, readSetCookies } from "./cookie.js";
import { Header, type HeaderInit } from "./header.js";
import { utf8Decode } from "./internal.js";
import type { Request, TLSConnectionState } from "./request.js";
import { parseURL, URLError } from "./url.js";

/** ErrNoLocation is thrown by Response.Location when no Location header is present. */
export const ErrNoLocation = new SentinelError("http: no Location header in response", "GONET_HTTP_ERR_NO_LOCATION", { name: "ErrNoLocation" });

/** ResponseInit holds the fields a Response is created with. */
export interface ResponseInit {
  Status?: string;
  StatusCode?: number;
  Proto?: string;
  ProtoMajor?: number;
  ProtoMinor?: number;
  Header?: Header | HeaderInit;
  Body?: BodyInit | null;
  ContentLength?: number;
  TransferEncoding?: string[];
  Close?: boolean;
  Uncompressed?: boolean;
  Trailer?: Header | null;
  Request?: Request | null;
  TLS?: TLSConnectionState | null;
}

/**
 * Response represents the response from an HTTP request (Go's http.Response). Body is never null:
 * a response without one has NoBody. text(), json() and bytes() read the whole body and close it.
 *
 * @example
 * const res = await Get("http://example.com/");
 * if (res.StatusCode === StatusOK) console.log(await res.text());
 */
export class Response {
  /** Status is the status line text, e.g. "200 OK". */
  Status: string;
  /** StatusCode is the status code, e.g. 200. */
  StatusCode: number;
  /** Proto is the protocol, e.g. "HTTP/1.1". */
  Proto: string;
  /** ProtoMajor is the major protocol version. */
  ProtoMajor: number;
  /** ProtoMinor is the minor protocol version. */
  ProtoMinor: number;
  /** Header maps header keys to values. */
  Header: Header;
  /** Body is the response body; the caller should read and close it. */
  Body: Body;
  /** ContentLength records the length of the body; -1 (the default here) means unknown. */
  ContentLength: number;
  /** TransferEncoding lists the transfer encodings from outermost to innermost. */
  TransferEncoding: string[];
  /** Close records whether the header directed that the connection be closed after reading Body. */
  Close: boolean;
  /** Uncompressed reports whether the response was sent compressed but was decompressed by the transport. */
  Uncompressed: boolean;
  /** Trailer maps trailer keys to values, available after Body is read to the end. */
  Trailer: Header | null;
  /** Request is the request that was sent to obtain this Response. */
  Request: Request | null;
  /** TLS is the state of the TLS connection the response arrived on, or null. */
  TLS: TLSConnectionState | null;

  constructor(init: ResponseInit = {}) {
    this.Status = init.Status ?? "";
    this.StatusCode = init.StatusCode ?? 0;
    this.Proto = init.Proto ?? "HTTP/1.1";
    this.ProtoMajor = init.ProtoMajor ?? 1;
    this.ProtoMinor = init.ProtoMinor ?? 1;
    this.Header = init.Header instanceof Header ? init.Header : new Header(init.Header ?? null);
    this.Body = init.Body === undefined || init.Body === null ? NoBody : toBody(init.Body);
    this.ContentLength = init.ContentLength ?? -1;
    this.TransferEncoding = init.TransferEncoding ?? [];
    this.Close = init.Close ?? false;
    this.Uncompressed = init.Uncompressed ?? false;
    this.Trailer = init.Trailer ?? null;
    this.Request = init.Request ?? null;
    this.TLS = init.TLS ?? null;
  }

  /** Cookies parses and returns the cookies set in the Set-Cookie headers. */
  Cookies(): Cookie[] {
    return readSetCookies(this.Header);
  }

  /**
   * Location returns the URL of the response's Location header, resolved relative to the
   * request's URL if there is one. It throws ErrNoLocation if no Location header is present.
   */
  Location(): URL {
    const lv = this.Header.Get("Location");
    if (lv === "") throw ErrNoLocation;
    if (this.Request !== null) {
      try {
        return new URL(lv, this.Request.URL);
      } catch (e) {
        throw new URLError("parse", lv, "invalid URL", { cause: e });
      }
    }
    return parseURL(lv);
  }

  /** ProtoAtLeast reports whether the HTTP protocol used in the response is at least major.minor. */
  ProtoAtLeast(major: number, minor: number): boolean {
    return this.ProtoMajor > major || (this.ProtoMajor === major && this.ProtoMinor >= minor);
  }

  /** bytes reads the whole body, closes it, and resolves its bytes. */
  async bytes(): Promise<Uint8Array> {
    try {
      return await readAllBody(this.Body);
    } finally {
      await this.Body.Close();
    }
  }

  /** text reads the whole body, closes it, and resolves it decoded as UTF-8. */
  async text(): Promise<string> {
    return utf8Decode(await this.bytes());
  }

  /** json reads the whole body, closes it, and resolves it parsed as JSON. */
  async json<T = unknown>(): Promise<T> {
    return JSON.parse(await this.text()) as T;
  }
}
