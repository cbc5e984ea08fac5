// The items API: a ServeMux with Go 1.22 patterns (methods and {id} path values) and JSON bodies.

import { Error as httpError, MaxBytesReader, ServeMux, StatusBadRequest, StatusCreated, StatusNoContent, StatusNotFound, type ResponseWriter, type ServerRequest } from "gonet/http";
import { ReadAll } from "gonet/io";

/** Item is what the API stores. */
export interface Item {
  id: number;
  name: string;
  price: number;
}

async function writeJSON(w: ResponseWriter, status: number, v: unknown): Promise<void> {
  w.Header().Set("Content-Type", "application/json");
  w.WriteHeader(status);
  await w.Write(JSON.stringify(v) + "\n");
}

// readItem decodes a JSON item from the body (at most 1 MB), or answers 400 and returns null.
async function readItem(w: ResponseWriter, r: ServerRequest): Promise<Omit<Item, "id"> | null> {
  let v: unknown;
  try {
    const body = await ReadAll(MaxBytesReader(w, r.Body, 1 << 20));
    v = JSON.parse(new TextDecoder().decode(body));
  } catch (e) {
    await httpError(w, "bad request: " + (e instanceof Error ? e.message : String(e)), StatusBadRequest);
    return null;
  }
  const o = v as Partial<Item> | null;
  if (typeof o !== "object" || o === null || typeof o.name !== "string" || o.name === "" || typeof o.price !== "number") {
    await httpError(w, 'bad request: want {"name": string, "price": number}', StatusBadRequest);
    return null;
  }
  return { name: o.name, price: o.price };
}

/** newAPI returns the mux serving /items and /healthz over an in-memory store. */
export function newAPI(): ServeMux {
  const items = new Map<number, Item>();
  let nextID = 1;
  const mux = new ServeMux();

  mux.HandleFunc("GET /healthz", (w) => w.Write("ok\n"));

  mux.HandleFunc("GET /items", (w) => writeJSON(w, 200, [...items.values()]));

  mux.HandleFunc("POST /items", async (w, r) => {
    const in_ = await readItem(w, r);
    if (in_ === null) return;
    const item = { id: nextID++, ...in_ };
    items.set(item.id, item);
    w.Header().Set("Location", `/items/${item.id}`);
    await writeJSON(w, StatusCreated, item);
  });

  // lookup finds the item named by the {id} wildcard, or answers 404.
  const lookup = async (w: ResponseWriter, r: ServerRequest): Promise<Item | null> => {
    const item = items.get(Number(r.PathValue("id")));
    if (item === undefined) {
      await httpError(w, `item ${r.PathValue("id")} not found`, StatusNotFound);
      return null;
    }
    return item;
  };

  mux.HandleFunc("GET /items/{id}", async (w, r) => {
    const item = await lookup(w, r);
    if (item !== null) await writeJSON(w, 200, item);
  });

  mux.HandleFunc("PUT /items/{id}", async (w, r) => {
    const item = await lookup(w, r);
    if (item === null) return;
    const in_ = await readItem(w, r);
    if (in_ === null) return;
    Object.assign(item, in_);
    await writeJSON(w, 200, item);
  });

  mux.HandleFunc("DELETE /items/{id}", async (w, r) => {
    const item = await lookup(w, r);
    if (item === null) return;
    items.delete(item.id);
    w.WriteHeader(StatusNoContent);
  });

  return mux;
}
