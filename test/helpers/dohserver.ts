// A real RFC 8484 server for tests: node:http on 127.0.0.1, port 0, decoding
// queries with dns-packet (an implementation independent of src/doh.ts) and
// answering from a configurable zone like a recursive resolver (CNAME chains
// chased, NXDOMAIN/NODATA with an SOA). Per-name behaviours switch on the
// failure modes a client must survive: rcodes, hanging, delays, wrong
// content-type, truncated DNS or HTTP bodies, mismatched ID or question, a
// non-response, HTTP status codes, lame referrals, redirects, endless bodies,
// the TC bit. Every request is logged.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import * as dnsPacket from "dns-packet";

/** ZoneRecord is a resource record of the test zone, in dns-packet's answer format. */
export type ZoneRecord = dnsPacket.Answer;

/** Behaviour changes how the server answers one name (optionally one type). */
export interface Behaviour {
  /** rcode replaces the response code (the answer section is emptied unless keepAnswers). */
  rcode?: "NOERROR" | "FORMERR" | "SERVFAIL" | "NXDOMAIN" | "NOTIMP" | "REFUSED";
  /** keepAnswers keeps the zone's answers with a replaced rcode. */
  keepAnswers?: boolean;
  /** hang never answers: the request stays open until the client goes away or the server closes. */
  hang?: boolean;
  /** delayMs answers after this many milliseconds. */
  delayMs?: number;
  /** contentType replaces the response content-type. */
  contentType?: string;
  /** truncate sends only the first n bytes of the DNS message (a complete HTTP response). */
  truncate?: number;
  /** cutBody announces the full Content-Length, sends half of the body and resets the connection. */
  cutBody?: boolean;
  /** id answers with this message ID. */
  id?: number;
  /** question answers with this question name instead of the asked one. */
  question?: string;
  /** questionType answers with this question type instead of the asked one. */
  questionType?: dnsPacket.RecordType;
  /** notResponse clears the QR bit. */
  notResponse?: boolean;
  /** status answers with this HTTP status (and a text body). */
  status?: number;
  /** lame answers NOERROR with no answers, no RA and no AA (Go's lame referral). */
  lame?: boolean;
  /** noSOA leaves the SOA out of negative answers. */
  noSOA?: boolean;
  /** noChase stops at the first CNAME, leaving the target's records out (the client must ask again). */
  noChase?: boolean;
  /** redirect answers 302 Found with this Location (the same query string appended). */
  redirect?: string;
  /**
   * endless answers 200 application/dns-message without a Content-Length and sends zero bytes
   * until the client goes away or the server closes (counted in endlessBytes).
   */
  endless?: boolean;
  /** truncated sets the TC bit of the (otherwise complete) answer. */
  truncated?: boolean;
}

/** LoggedRequest is what the server saw of one request. */
export interface LoggedRequest {
  method: string;
  path: string;
  /** dns is the raw `dns` query parameter of a GET, or null. */
  dns: string | null;
  contentType: string | undefined;
  accept: string | undefined;
  /** name is the question name as decoded by dns-packet (no trailing dot). */
  name: string;
  type: string;
  id: number;
  recursionDesired: boolean;
  /** opt is true when the query carried an EDNS(0) OPT record. */
  opt: boolean;
  /** udpPayloadSize is the OPT record's advertised size, or 0. */
  udpPayloadSize: number;
}

/** DoHServerOptions configure startDoHServer. */
export interface DoHServerOptions {
  /** zone holds the records (names without trailing dots). */
  zone?: ZoneRecord[];
  /** soaTTL and soaMinimum shape the SOA of negative answers (defaults 60 and 30). */
  soaTTL?: number;
  soaMinimum?: number;
  /** cors answers cross-origin requests (for a browser page on another port). */
  cors?: boolean;
  /** path is the endpoint path (default /dns-query). */
  path?: string;
}

const lower = (s: string): string => s.replace(/\.$/, "").toLowerCase();

/** DoHTestServer is a running test server; close it with close() (register it with t.after). */
export class DoHTestServer {
  /** url is the endpoint, http://127.0.0.1:PORT/dns-query. */
  readonly url: string;
  /** zone is the live zone; tests may change it. */
  zone: ZoneRecord[];
  /** log lists every request in arrival order. */
  readonly log: LoggedRequest[] = [];
  /** aborted counts requests whose client went away before the answer. */
  aborted = 0;
  /** endlessBytes counts the body bytes sent by `endless` answers. */
  endlessBytes = 0;
  soaTTL: number;
  soaMinimum: number;
  readonly #server: Server;
  readonly #behaviours = new Map<string, Behaviour>();
  readonly #waiters: { n: number; kind: "log" | "aborted"; resolve: () => void }[] = [];
  readonly #path: string;
  readonly #held: (() => void)[] = [];

  constructor(server: Server, opts: DoHServerOptions) {
    this.#server = server;
    const port = (server.address() as AddressInfo).port;
    this.#path = opts.path ?? "/dns-query";
    this.url = `http://127.0.0.1:${port}${this.#path}`;
    this.zone = opts.zone ?? [];
    this.soaTTL = opts.soaTTL ?? 60;
    this.soaMinimum = opts.soaMinimum ?? 30;
  }

  /** behave sets how name (and optionally only type) is answered; undefined clears it. */
  behave(name: string, b: Behaviour | undefined, type?: dnsPacket.RecordType): void {
    const key = `${lower(name)} ${type ?? "*"}`;
    if (b === undefined) this.#behaviours.delete(key);
    else this.#behaviours.set(key, b);
  }

  /** requestsFor returns the logged requests for a name (any case, with or without a dot). */
  requestsFor(name: string, type?: string): LoggedRequest[] {
    return this.log.filter((r) => lower(r.name) === lower(name) && (type === undefined || r.type === type));
  }

  /** waitForRequests resolves once at least n requests have been logged. */
  waitForRequests(n: number): Promise<void> {
    return this.#wait("log", n);
  }

  /** waitForAborted resolves once at least n requests were abandoned by their client. */
  waitForAborted(n: number): Promise<void> {
    return this.#wait("aborted", n);
  }

  /** close stops the server and drops every connection, hanging ones included. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }

  #wait(kind: "log" | "aborted", n: number): Promise<void> {
    const have = kind === "log" ? this.log.length : this.aborted;
    if (have >= n) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ n, kind, resolve }));
  }

  #notify(): void {
    for (let i = this.#waiters.length - 1; i >= 0; i--) {
      const w = this.#waiters[i]!;
      const have = w.kind === "log" ? this.log.length : this.aborted;
      if (have >= w.n) {
        this.#waiters.splice(i, 1);
        w.resolve();
      }
    }
  }

  #behaviour(name: string, type: string): Behaviour {
    return this.#behaviours.get(`${lower(name)} ${type}`) ?? this.#behaviours.get(`${lower(name)} *`) ?? {};
  }

  /** handle serves one HTTP request. Internal. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname !== this.#path) return this.#text(res, 404, "not found");
    let wire: Buffer;
    let dnsParam: string | null = null;
    if (req.method === "GET") {
      dnsParam = url.searchParams.get("dns");
      if (dnsParam === null) return this.#text(res, 400, "missing dns parameter");
      wire = Buffer.from(dnsParam, "base64url");
    } else if (req.method === "POST") {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      wire = Buffer.concat(chunks);
      if (req.headers["content-type"] !== "application/dns-message") return this.#text(res, 415, "unsupported media type");
    } else {
      return this.#text(res, 405, "method not allowed");
    }
    let query: dnsPacket.DecodedPacket;
    try {
      query = dnsPacket.decode(wire);
    } catch {
      return this.#text(res, 400, "malformed DNS message");
    }
    const q = query.questions?.[0];
    if (q === undefined) return this.#text(res, 400, "no question");
    const opt = (query.additionals ?? []).find((a): a is dnsPacket.OptAnswer => a.type === "OPT");
    this.log.push({
      method: req.method,
      path: url.pathname,
      dns: dnsParam,
      contentType: req.headers["content-type"],
      accept: req.headers.accept,
      name: q.name,
      type: q.type,
      id: query.id ?? 0,
      recursionDesired: ((query.flags ?? 0) & dnsPacket.RECURSION_DESIRED) !== 0,
      opt: opt !== undefined,
      udpPayloadSize: opt?.udpPayloadSize ?? 0,
    });
    this.#notify();

    const b = this.#behaviour(q.name, q.type);
    if (b.hang === true) {
      res.on("close", () => {
        if (!res.writableEnded) {
          this.aborted++;
          this.#notify();
        }
      });
      this.#held.push(() => this.#respond(res, q, query, { ...b, hang: false }));
      return;
    }
    if (b.delayMs !== undefined) await new Promise((r) => setTimeout(r, b.delayMs));
    this.#respond(res, q, query, b);
  }

  /** release answers every request held by a `hang` behaviour, as if it had not hung. */
  release(): void {
    for (const answer of this.#held.splice(0)) answer();
  }

  #respond(res: ServerResponse, q: dnsPacket.Question, query: dnsPacket.DecodedPacket, b: Behaviour): void {
    if (res.destroyed) return;
    if (b.status !== undefined) return this.#text(res, b.status, "status by test");
    if (b.redirect !== undefined) {
      const target = new URL(b.redirect);
      const from = new URL(res.req.url ?? "/", "http://127.0.0.1");
      target.search = from.search;
      res.writeHead(302, { location: target.href, "content-type": "text/plain" });
      res.end("moved");
      return;
    }
    if (b.endless === true) {
      res.writeHead(200, { "content-type": "application/dns-message" });
      const chunk = Buffer.alloc(16384);
      const pump = (): void => {
        while (!res.destroyed && !res.writableEnded) {
          this.endlessBytes += chunk.length;
          if (!res.write(chunk)) {
            res.once("drain", pump);
            return;
          }
        }
      };
      res.on("close", () => {
        this.aborted++;
        this.#notify();
      });
      pump();
      return;
    }

    const msg = this.#answer(q, b);
    msg.id = b.id ?? query.id ?? 0;
    let out = dnsPacket.encode(msg);
    if (b.notResponse === true) out[2] = out[2]! & 0x7f; // clear QR
    if (b.truncated === true) out[2] = out[2]! | 0x02; // set TC
    if (b.truncate !== undefined) out = out.subarray(0, b.truncate);
    const headers = { "content-type": b.contentType ?? "application/dns-message", "content-length": String(out.length), "cache-control": "max-age=60" };
    if (b.cutBody === true) {
      res.writeHead(200, headers);
      res.write(out.subarray(0, out.length >> 1), () => res.socket?.resetAndDestroy());
      return;
    }
    res.writeHead(200, headers);
    res.end(out);
  }

  #answer(q: dnsPacket.Question, b: Behaviour): dnsPacket.Packet {
    const answers: ZoneRecord[] = [];
    let cur = lower(q.name);
    let stoppedAtAlias = false;
    for (let hops = 0; hops < 32; hops++) {
      const recs = this.zone.filter((r) => lower(r.name) === cur && r.type === q.type);
      if (recs.length > 0) {
        answers.push(...recs);
        break;
      }
      const c = this.zone.find((r) => lower(r.name) === cur && r.type === "CNAME");
      if (c === undefined || q.type === "CNAME") break;
      answers.push(c);
      cur = lower((c as dnsPacket.StringAnswer).data);
      if (b.noChase === true) {
        stoppedAtAlias = true;
        break;
      }
    }
    const exists = this.zone.some((r) => lower(r.name) === cur);
    let rcode = answers.length > 0 || exists ? 0 : 3;
    const flags = dnsPacket.RECURSION_DESIRED | (b.lame === true ? 0 : dnsPacket.RECURSION_AVAILABLE);
    if (b.lame === true) return { type: "response", flags, questions: [this.#question(q, b)], answers: [] };
    let out = answers;
    if (b.rcode !== undefined) {
      rcode = ["NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED"].indexOf(b.rcode);
      if (b.keepAnswers !== true) out = [];
    }
    // A server that did not look at the alias target cannot say it has no data: no SOA then.
    const negative = !stoppedAtAlias && (rcode === 3 || (rcode === 0 && out.every((r) => r.type !== q.type)));
    const authorities: ZoneRecord[] =
      negative && b.noSOA !== true
        ? [{ name: "test", type: "SOA", ttl: this.soaTTL, data: { mname: "ns.test", rname: "hostmaster.test", serial: 1, refresh: 3600, retry: 600, expire: 86400, minimum: this.soaMinimum } }]
        : [];
    return { type: "response", flags: flags | rcode, questions: [this.#question(q, b)], answers: out, authorities };
  }

  #question(q: dnsPacket.Question, b: Behaviour): dnsPacket.Question {
    return { name: b.question ?? q.name, type: b.questionType ?? q.type, class: "IN" };
  }

  #text(res: ServerResponse, status: number, body: string): void {
    res.writeHead(status, { "content-type": "text/plain" });
    res.end(body);
  }
}

/**
 * startDoHServer starts a DoH test server on 127.0.0.1 port 0.
 *
 * @example
 * const srv = await startDoHServer({ zone: [{ name: "a.test", type: "A", ttl: 60, data: "192.0.2.1" }] });
 * t.after(() => srv.close());
 */
export async function startDoHServer(opts: DoHServerOptions = {}): Promise<DoHTestServer> {
  let impl: DoHTestServer | undefined;
  const server = createServer((req, res) => {
    if (opts.cors === true) {
      // A page on another loopback port may ask: allow it, preflight included (POST's content-type).
      res.setHeader("access-control-allow-origin", "*");
      if (req.method === "OPTIONS") {
        res.writeHead(204, { "access-control-allow-methods": "GET, POST", "access-control-allow-headers": "content-type, accept" }).end();
        return;
      }
    }
    impl!.handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(err));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  impl = new DoHTestServer(server, opts);
  return impl;
}
