// gonet/http in the browser: Go's net/http client on fetch, plus the
// platform-free core (Header, Request, Response, Client, ServeMux, handlers…).
// Server is Node's only: here it fails with an OpError wrapping ErrUnsupported.
//
// @example
// import { Get, NewRequestWithContext, DefaultClient } from "gonet/http";
// const res = await Get("/api/items");
// for await (const chunk of res.Body) render(chunk);
// const ac = new AbortController();
// const pending = DefaultClient.Do(NewRequestWithContext(ac.signal, "GET", "/slow"));
// ac.abort(); // pending rejects: Get "/slow": context canceled

export * from "../../src/http/exports.js";
export { Client, DefaultClient, Get, Head, Post, PostForm } from "./client.js";
export type { DialContextFunc, TransportInit } from "./transport.js";
export { Transport, DefaultTransport, DefaultMaxIdleConnsPerHost } from "./transport.js";
export type { ServerInit, Hijacker } from "./server.js";
export { Server, ListenAndServe, ListenAndServeTLS, Serve, DefaultMaxHeaderBytes } from "./server.js";
export type { File, FileInfo, FileSystem } from "./fs.js";
export { Dir, FileServer, ServeFile } from "./fs.js";
