// Serving files in the browser: a page has no file system to serve from, so
// Dir, FileServer and ServeFile fail with an OpError wrapping ErrUnsupported.

import { ErrUnsupported, OpError } from "../../src/errors.js";
import type { Handler, ResponseWriter } from "../../src/http/handler.js";
import type { Request } from "../../src/http/request.js";

function unsupported(): OpError {
  return new OpError({ Op: "open", Net: "", Source: null, Addr: null, Err: ErrUnsupported, Hint: "a browser has no file system to serve; FileServer runs in Node" });
}

/** FileInfo describes a file served by FileServer. */
export interface FileInfo {
  Name(): string;
  Size(): number;
  ModTime(): Date;
  IsDir(): boolean;
}

/** File is what a FileSystem's Open returns. */
export interface File {
  ReadAt(p: Uint8Array, off: number): Promise<number>;
  Readdir(): Promise<FileInfo[]>;
  Stat(): Promise<FileInfo>;
  Close(): Promise<void>;
}

/** FileSystem implements access to a collection of named files (Go's http.FileSystem). */
export interface FileSystem {
  Open(name: string): Promise<File>;
}

/** Dir throws in a browser: an OpError wrapping ErrUnsupported. */
export function Dir(_root: string): FileSystem {
  throw unsupported();
}

/** FileServer throws in a browser: an OpError wrapping ErrUnsupported. */
export function FileServer(_root: FileSystem): Handler {
  throw unsupported();
}

/** ServeFile fails in a browser with an OpError wrapping ErrUnsupported. */
export function ServeFile(_w: ResponseWriter, _r: Request, _name: string): Promise<void> {
  return Promise.reject(unsupported());
}
