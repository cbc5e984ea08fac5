import { runHTTP } from "./http.js";
await runHTTP(true);
