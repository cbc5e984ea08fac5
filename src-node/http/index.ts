// gonet/http for Node: Go's net/http. The platform-free core (Header, Request,
// Response, Client, ServeMux, handlers…) plus the undici Transport and the
// node:http-backed Server.
//
// @example
// import { Get, ServeMux, Server } from "gonet/http";
// const mux = new ServeMux();
// mux.HandleFunc("GET /hello/{name}", (w, r) => w.Write(`hello ${r.PathValue("name")}\n`));
// const srv = new Server({ Addr: "127.0.0.1:8080", Handler: mux, ReadHeaderTimeout: 5000 });
// void srv.ListenAndServe();
// console.log(await (await Get("http://127.0.0.1:8080/hello/gopher")).text());

export * from "../../src/http/exports.js";
export { Client, DefaultClient, Get, Head, Post, PostForm } from "./client.js";
export type { DialContextFunc, TransportInit } from "./transport.js";
export { Transport, DefaultTransport, DefaultMaxIdleConnsPerHost } from "./transport.js";
export type { ServerInit, Hijacker } from "./server.js";
export { Server, ListenAndServe, ListenAndServeTLS, Serve, DefaultMaxHeaderBytes } from "./server.js";
export type { File, FileInfo, FileSystem } from "./fs.js";
export { Dir, FileServer, ServeFile } from "./fs.js";
