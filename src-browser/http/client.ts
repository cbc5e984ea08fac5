// The Client and the package-level request functions of gonet/http, bound to this platform's
// DefaultTransport. They live here, beside the transport, and not in the entry point: a bundler
// honouring "sideEffects": false keeps a module's statements only when it uses one of its
// exports, and every use of the Client comes through this module.

import { Client as CoreClient, DefaultClient as coreDefaultClient, Get as coreGet, Head as coreHead, Post as corePost, PostForm as corePostForm, setDefaultTransport } from "../../src/http/client.js";
import { DefaultTransport } from "./transport.js";

setDefaultTransport(DefaultTransport);

/**
 * Client is an HTTP client (Go's http.Client); one without a Transport uses DefaultTransport.
 *
 * @example
 * const c = new Client({ Timeout: 5000 });
 * const res = await c.Get("http://example.com/");
 */
export const Client = CoreClient;
/** Client is an HTTP client (Go's http.Client). */
export type Client = CoreClient;
/** DefaultClient is the default Client, used by Get, Head, Post and PostForm. */
export const DefaultClient = coreDefaultClient;
/** Get issues a GET to the specified URL with DefaultClient, following up to 10 redirects. */
export const Get = coreGet;
/** Head issues a HEAD to the specified URL with DefaultClient. */
export const Head = coreHead;
/** Post issues a POST to the specified URL with DefaultClient. */
export const Post = corePost;
/** PostForm issues a POST with data URL-encoded as the body, with DefaultClient. */
export const PostForm = corePostForm;
