// gonet/httptest for Node (Go's net/http/httptest): ResponseRecorder and
// NewRequest for handler unit tests, and Server, a real HTTP server on a
// loopback port, with a Client configured for it.
//
// @example
// import { NewServer } from "gonet/httptest";
// import { HandlerFunc } from "gonet/http";
// const ts = await NewServer(HandlerFunc((w) => w.Write("hello")));
// const res = await ts.Client().Get(ts.URL);
// console.log(await res.text()); // "hello"
// await ts.Close();

import { Client } from "../src/http/client.js";
import type { Handler } from "../src/http/handler.js";
import type { Listener } from "../src/net.js";
import type { Certificate } from "../src/tls.js";
import { NewCertPool } from "../src/tls.js";
import { Listen } from "./dial.js";
import { Server as HTTPServer } from "./http/server.js";
import { Transport } from "./http/transport.js";
import { NewListener, X509KeyPair } from "./tls/index.js";

export { BytesBuffer, DefaultRemoteAddr, NewRecorder, ResponseRecorder, NewTestRequest as NewRequest, NewTestRequestWithContext as NewRequestWithContext } from "../src/http/recorder.js";

// A self-signed certificate (its own CA) for 127.0.0.1, ::1, localhost and example.com, valid
// until 2126, as Go's internal/testcert: NewTLSServer serves it and Client() trusts it.
const localhostCert = `-----BEGIN CERTIFICATE-----
MIIB+jCCAaCgAwIBAgIUdDbK9X+GqqRw4WhBDBg9gC5TO1YwCgYIKoZIzj0EAwIw
GTEXMBUGA1UECgwOZ29uZXQgaHR0cHRlc3QwIBcNMjYxMjAxMTI1MDEzWhgPMjEy
NjExMDcxMjUwMTNaMBkxFzAVBgNVBAoMDmdvbmV0IGh0dHB0ZXN0MFkwEwYHKoZI
zj0CAQYIKoZIzj0DAQcDQgAEFTPABHcpg38cO54DypiPbEHHmVThndJYtC4YLxwE
STDCByYW9/20Pno5Lb2UA3IuOvDR3pYvY7lkvu+hPOQVhaOBwzCBwDAdBgNVHQ4E
FgQU7ELuE3d+Qey+szmo8i2tQ4h5wNAwHwYDVR0jBBgwFoAU7ELuE3d+Qey+szmo
8i2tQ4h5wNAwSAYDVR0RBEEwP4ILZXhhbXBsZS5jb22CDSouZXhhbXBsZS5jb22C
CWxvY2FsaG9zdIcEfwAAAYcQAAAAAAAAAAAAAAAAAAAAATAPBgNVHRMBAf8EBTAD
AQH/MA4GA1UdDwEB/wQEAwIChDATBgNVHSUEDDAKBggrBgEFBQcDATAKBggqhkjO
PQQDAgNIADBFAiEAmFFrBcdQ7PvCkzrbRY3sYvdIspI0nXyk5foASBfnT6wCIC1T
M4eew1t7wE3SEQJiNOnxEWp6vgwl8DhO0kzUs/zw
-----END CERTIFICATE-----
`;
const localhostKey = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgBSBorn4uvfYqXBl4
2BuPrYDVgaYbYzPL0gK+Wzcxm6ChRANCAAQVM8AEdymDfxw7ngPKmI9sQceZVOGd
0li0LhgvHARJMMIHJhb3/bQ+ejktvZQDci468NHeli9juWS+76E85BWF
-----END PRIVATE KEY-----
`;

/**
 * Server is an HTTP server listening on a system-chosen port on the local loopback interface,
 * for use in end-to-end HTTP tests (Go's httptest.Server).
 */
export class Server {
  /** URL is the base URL of the form http://ipaddr:port with no trailing slash. */
  URL = "";
  /** Listener is the server's listener (a TLS listener after StartTLS). */
  Listener: Listener | null = null;
  /** Config is the http.Server that serves the requests; it may be changed before Start. */
  readonly Config: HTTPServer;
  /** TLS is the certificate the TLS server presents, or null for plain HTTP. */
  TLS: Certificate | null = null;

  #client: Client;
  #serving: Promise<void> | null = null;
  #closed = false;

  /** Server is created by NewServer, NewTLSServer or NewUnstartedServer. */
  constructor(handler: Handler) {
    this.Config = new HTTPServer({ Handler: handler, ErrorLog: (msg) => console.error("httptest: " + msg) });
    this.#client = new Client({ Transport: new Transport() });
  }

  async #listen(): Promise<Listener> {
    if (this.Listener !== null) throw new Error("httptest: server already started");
    try {
      return await Listen("tcp", "127.0.0.1:0");
    } catch {
      return Listen("tcp6", "[::1]:0");
    }
  }

  #goServe(l: Listener): void {
    this.#serving = this.Config.Serve(l).then(
      () => {},
      () => {}, // ErrServerClosed at Close; anything else surfaces in the tests' requests
    );
  }

  /** Start starts a server from NewUnstartedServer. */
  async Start(): Promise<void> {
    const l = await this.#listen();
    this.Listener = l;
    this.URL = "http://" + l.Addr().String();
    this.#goServe(l);
  }

  /** StartTLS starts TLS on a server from NewUnstartedServer, with the built-in test certificate unless Config.TLSConfig has Certificates. */
  async StartTLS(): Promise<void> {
    const inner = await this.#listen();
    const base = this.Config.TLSConfig ?? {};
    const cert = base.Certificates?.[0] ?? X509KeyPair(localhostCert, localhostKey);
    this.TLS = cert;
    const config = { ...base, Certificates: [cert], NextProtos: base.NextProtos ?? ["http/1.1"] };
    const l = NewListener(inner, config);
    this.Listener = l;
    this.URL = "https://" + inner.Addr().String();
    const pool = NewCertPool();
    pool.AppendCertsFromPEM(localhostCert);
    this.#client = new Client({ Transport: new Transport({ TLSClientConfig: { RootCAs: pool } }) });
    this.#goServe(l);
  }

  /** Client returns an http.Client configured for making requests to the server (trusting its TLS certificate); it is closed by Close. */
  Client(): Client {
    return this.#client;
  }

  /** Close shuts down the server and blocks until all outstanding requests on this server have completed. */
  async Close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.Config.SetKeepAlivesEnabled(false);
    await this.Config.Shutdown();
    await this.Config.Close();
    await this.#serving;
    this.#client.CloseIdleConnections();
  }

  /** Symbol.asyncDispose closes the server. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.Close();
  }
}

/** NewServer starts and returns a new Server; the caller should call Close when finished, to shut it down. */
export async function NewServer(handler: Handler): Promise<Server> {
  const ts = new Server(handler);
  await ts.Start();
  return ts;
}

/** NewTLSServer starts and returns a new Server using TLS, with a built-in self-signed certificate that ts.Client() trusts. */
export async function NewTLSServer(handler: Handler): Promise<Server> {
  const ts = new Server(handler);
  await ts.StartTLS();
  return ts;
}

/** NewUnstartedServer returns a new Server but doesn't start it: change its Config, then call Start or StartTLS. */
export function NewUnstartedServer(handler: Handler): Server {
  return new Server(handler);
}
