// The HTTP method names of Go's net/http/method.go.

/** MethodGet is the HTTP method "GET" (RFC 9110, 9.3.1). */
export const MethodGet = "GET";
/** MethodHead is the HTTP method "HEAD" (RFC 9110, 9.3.2). */
export const MethodHead = "HEAD";
/** MethodPost is the HTTP method "POST" (RFC 9110, 9.3.3). */
export const MethodPost = "POST";
/** MethodPut is the HTTP method "PUT" (RFC 9110, 9.3.4). */
export const MethodPut = "PUT";
/** MethodPatch is the HTTP method "PATCH" (RFC 5789). */
export const MethodPatch = "PATCH";
/** MethodDelete is the HTTP method "DELETE" (RFC 9110, 9.3.5). */
export const MethodDelete = "DELETE";
/** MethodConnect is the HTTP method "CONNECT" (RFC 9110, 9.3.6). */
export const MethodConnect = "CONNECT";
/** MethodOptions is the HTTP method "OPTIONS" (RFC 9110, 9.3.7). */
export const MethodOptions = "OPTIONS";
/** MethodTrace is the HTTP method "TRACE" (RFC 9110, 9.3.8). */
export const MethodTrace = "TRACE";
