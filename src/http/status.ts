// HTTP status codes and their texts, after Go's net/http/status.go (the RFC 9110
// version, with StatusEarlyHints and StatusTooEarly).

/** StatusContinue is HTTP status 100 "Continue" (RFC 9110, 15.2.1). */
export const StatusContinue = 100;
/** StatusSwitchingProtocols is HTTP status 101 "Switching Protocols" (RFC 9110, 15.2.2). */
export const StatusSwitchingProtocols = 101;
/** StatusProcessing is HTTP status 102 "Processing" (RFC 2518, 10.1). */
export const StatusProcessing = 102;
/** StatusEarlyHints is HTTP status 103 "Early Hints" (RFC 8297). */
export const StatusEarlyHints = 103;
/** StatusOK is HTTP status 200 "OK" (RFC 9110, 15.3.1). */
export const StatusOK = 200;
/** StatusCreated is HTTP status 201 "Created" (RFC 9110, 15.3.2). */
export const StatusCreated = 201;
/** StatusAccepted is HTTP status 202 "Accepted" (RFC 9110, 15.3.3). */
export const StatusAccepted = 202;
/** StatusNonAuthoritativeInfo is HTTP status 203 "Non-Authoritative Information" (RFC 9110, 15.3.4). */
export const StatusNonAuthoritativeInfo = 203;
/** StatusNoContent is HTTP status 204 "No Content" (RFC 9110, 15.3.5). */
export const StatusNoContent = 204;
/** StatusResetContent is HTTP status 205 "Reset Content" (RFC 9110, 15.3.6). */
export const StatusResetContent = 205;
/** StatusPartialContent is HTTP status 206 "Partial Content" (RFC 9110, 15.3.7). */
export const StatusPartialContent = 206;
/** StatusMultiStatus is HTTP status 207 "Multi-Status" (RFC 4918, 11.1). */
export const StatusMultiStatus = 207;
/** StatusAlreadyReported is HTTP status 208 "Already Reported" (RFC 5842, 7.1). */
export const StatusAlreadyReported = 208;
/** StatusIMUsed is HTTP status 226 "IM Used" (RFC 3229, 10.4.1). */
export const StatusIMUsed = 226;
/** StatusMultipleChoices is HTTP status 300 "Multiple Choices" (RFC 9110, 15.4.1). */
export const StatusMultipleChoices = 300;
/** StatusMovedPermanently is HTTP status 301 "Moved Permanently" (RFC 9110, 15.4.2). */
export const StatusMovedPermanently = 301;
/** StatusFound is HTTP status 302 "Found" (RFC 9110, 15.4.3). */
export const StatusFound = 302;
/** StatusSeeOther is HTTP status 303 "See Other" (RFC 9110, 15.4.4). */
export const StatusSeeOther = 303;
/** StatusNotModified is HTTP status 304 "Not Modified" (RFC 9110, 15.4.5). */
export const StatusNotModified = 304;
/** StatusUseProxy is HTTP status 305 "Use Proxy" (RFC 9110, 15.4.6). */
export const StatusUseProxy = 305;
/** StatusTemporaryRedirect is HTTP status 307 "Temporary Redirect" (RFC 9110, 15.4.8). */
export const StatusTemporaryRedirect = 307;
/** StatusPermanentRedirect is HTTP status 308 "Permanent Redirect" (RFC 9110, 15.4.9). */
export const StatusPermanentRedirect = 308;
/** StatusBadRequest is HTTP status 400 "Bad Request" (RFC 9110, 15.5.1). */
export const StatusBadRequest = 400;
/** StatusUnauthorized is HTTP status 401 "Unauthorized" (RFC 9110, 15.5.2). */
export const StatusUnauthorized = 401;
/** StatusPaymentRequired is HTTP status 402 "Payment Required" (RFC 9110, 15.5.3). */
export const StatusPaymentRequired = 402;
/** StatusForbidden is HTTP status 403 "Forbidden" (RFC 9110, 15.5.4). */
export const StatusForbidden = 403;
/** StatusNotFound is HTTP status 404 "Not Found" (RFC 9110, 15.5.5). */
export const StatusNotFound = 404;
/** StatusMethodNotAllowed is HTTP status 405 "Method Not Allowed" (RFC 9110, 15.5.6). */
export const StatusMethodNotAllowed = 405;
/** StatusNotAcceptable is HTTP status 406 "Not Acceptable" (RFC 9110, 15.5.7). */
export const StatusNotAcceptable = 406;
/** StatusProxyAuthRequired is HTTP status 407 "Proxy Authentication Required" (RFC 9110, 15.5.8). */
export const StatusProxyAuthRequired = 407;
/** StatusRequestTimeout is HTTP status 408 "Request Timeout" (RFC 9110, 15.5.9). */
export const StatusRequestTimeout = 408;
/** StatusConflict is HTTP status 409 "Conflict" (RFC 9110, 15.5.10). */
export const StatusConflict = 409;
/** StatusGone is HTTP status 410 "Gone" (RFC 9110, 15.5.11). */
export const StatusGone = 410;
/** StatusLengthRequired is HTTP status 411 "Length Required" (RFC 9110, 15.5.12). */
export const StatusLengthRequired = 411;
/** StatusPreconditionFailed is HTTP status 412 "Precondition Failed" (RFC 9110, 15.5.13). */
export const StatusPreconditionFailed = 412;
/** StatusRequestEntityTooLarge is HTTP status 413 "Request Entity Too Large" (RFC 9110, 15.5.14). */
export const StatusRequestEntityTooLarge = 413;
/** StatusRequestURITooLong is HTTP status 414 "Request URI Too Long" (RFC 9110, 15.5.15). */
export const StatusRequestURITooLong = 414;
/** StatusUnsupportedMediaType is HTTP status 415 "Unsupported Media Type" (RFC 9110, 15.5.16). */
export const StatusUnsupportedMediaType = 415;
/** StatusRequestedRangeNotSatisfiable is HTTP status 416 "Requested Range Not Satisfiable" (RFC 9110, 15.5.17). */
export const StatusRequestedRangeNotSatisfiable = 416;
/** StatusExpectationFailed is HTTP status 417 "Expectation Failed" (RFC 9110, 15.5.18). */
export const StatusExpectationFailed = 417;
/** StatusTeapot is HTTP status 418 "I'm a teapot" (RFC 9110, 15.5.19 (Unused)). */
export const StatusTeapot = 418;
/** StatusMisdirectedRequest is HTTP status 421 "Misdirected Request" (RFC 9110, 15.5.20). */
export const StatusMisdirectedRequest = 421;
/** StatusUnprocessableEntity is HTTP status 422 "Unprocessable Entity" (RFC 9110, 15.5.21). */
export const StatusUnprocessableEntity = 422;
/** StatusLocked is HTTP status 423 "Locked" (RFC 4918, 11.3). */
export const StatusLocked = 423;
/** StatusFailedDependency is HTTP status 424 "Failed Dependency" (RFC 4918, 11.4). */
export const StatusFailedDependency = 424;
/** StatusTooEarly is HTTP status 425 "Too Early" (RFC 8470, 5.2.). */
export const StatusTooEarly = 425;
/** StatusUpgradeRequired is HTTP status 426 "Upgrade Required" (RFC 9110, 15.5.22). */
export const StatusUpgradeRequired = 426;
/** StatusPreconditionRequired is HTTP status 428 "Precondition Required" (RFC 6585, 3). */
export const StatusPreconditionRequired = 428;
/** StatusTooManyRequests is HTTP status 429 "Too Many Requests" (RFC 6585, 4). */
export const StatusTooManyRequests = 429;
/** StatusRequestHeaderFieldsTooLarge is HTTP status 431 "Request Header Fields Too Large" (RFC 6585, 5). */
export const StatusRequestHeaderFieldsTooLarge = 431;
/** StatusUnavailableForLegalReasons is HTTP status 451 "Unavailable For Legal Reasons" (RFC 7725, 3). */
export const StatusUnavailableForLegalReasons = 451;
/** StatusInternalServerError is HTTP status 500 "Internal Server Error" (RFC 9110, 15.6.1). */
export const StatusInternalServerError = 500;
/** StatusNotImplemented is HTTP status 501 "Not Implemented" (RFC 9110, 15.6.2). */
export const StatusNotImplemented = 501;
/** StatusBadGateway is HTTP status 502 "Bad Gateway" (RFC 9110, 15.6.3). */
export const StatusBadGateway = 502;
/** StatusServiceUnavailable is HTTP status 503 "Service Unavailable" (RFC 9110, 15.6.4). */
export const StatusServiceUnavailable = 503;
/** StatusGatewayTimeout is HTTP status 504 "Gateway Timeout" (RFC 9110, 15.6.5). */
export const StatusGatewayTimeout = 504;
/** StatusHTTPVersionNotSupported is HTTP status 505 "HTTP Version Not Supported" (RFC 9110, 15.6.6). */
export const StatusHTTPVersionNotSupported = 505;
/** StatusVariantAlsoNegotiates is HTTP status 506 "Variant Also Negotiates" (RFC 2295, 8.1). */
export const StatusVariantAlsoNegotiates = 506;
/** StatusInsufficientStorage is HTTP status 507 "Insufficient Storage" (RFC 4918, 11.5). */
export const StatusInsufficientStorage = 507;
/** StatusLoopDetected is HTTP status 508 "Loop Detected" (RFC 5842, 7.2). */
export const StatusLoopDetected = 508;
/** StatusNotExtended is HTTP status 510 "Not Extended" (RFC 2774, 7). */
export const StatusNotExtended = 510;
/** StatusNetworkAuthenticationRequired is HTTP status 511 "Network Authentication Required" (RFC 6585, 6). */
export const StatusNetworkAuthenticationRequired = 511;

const statusText: ReadonlyMap<number, string> = new Map<number, string>([
  [StatusContinue, "Continue"],
  [StatusSwitchingProtocols, "Switching Protocols"],
  [StatusProcessing, "Processing"],
  [StatusEarlyHints, "Early Hints"],
  [StatusOK, "OK"],
  [StatusCreated, "Created"],
  [StatusAccepted, "Accepted"],
  [StatusNonAuthoritativeInfo, "Non-Authoritative Information"],
  [StatusNoContent, "No Content"],
  [StatusResetContent, "Reset Content"],
  [StatusPartialContent, "Partial Content"],
  [StatusMultiStatus, "Multi-Status"],
  [StatusAlreadyReported, "Already Reported"],
  [StatusIMUsed, "IM Used"],
  [StatusMultipleChoices, "Multiple Choices"],
  [StatusMovedPermanently, "Moved Permanently"],
  [StatusFound, "Found"],
  [StatusSeeOther, "See Other"],
  [StatusNotModified, "Not Modified"],
  [StatusUseProxy, "Use Proxy"],
  [StatusTemporaryRedirect, "Temporary Redirect"],
  [StatusPermanentRedirect, "Permanent Redirect"],
  [StatusBadRequest, "Bad Request"],
  [StatusUnauthorized, "Unauthorized"],
  [StatusPaymentRequired, "Payment Required"],
  [StatusForbidden, "Forbidden"],
  [StatusNotFound, "Not Found"],
  [StatusMethodNotAllowed, "Method Not Allowed"],
  [StatusNotAcceptable, "Not Acceptable"],
  [StatusProxyAuthRequired, "Proxy Authentication Required"],
  [StatusRequestTimeout, "Request Timeout"],
  [StatusConflict, "Conflict"],
  [StatusGone, "Gone"],
  [StatusLengthRequired, "Length Required"],
  [StatusPreconditionFailed, "Precondition Failed"],
  [StatusRequestEntityTooLarge, "Request Entity Too Large"],
  [StatusRequestURITooLong, "Request URI Too Long"],
  [StatusUnsupportedMediaType, "Unsupported Media Type"],
  [StatusRequestedRangeNotSatisfiable, "Requested Range Not Satisfiable"],
  [StatusExpectationFailed, "Expectation Failed"],
  [StatusTeapot, "I'm a teapot"],
  [StatusMisdirectedRequest, "Misdirected Request"],
  [StatusUnprocessableEntity, "Unprocessable Entity"],
  [StatusLocked, "Locked"],
  [StatusFailedDependency, "Failed Dependency"],
  [StatusTooEarly, "Too Early"],
  [StatusUpgradeRequired, "Upgrade Required"],
  [StatusPreconditionRequired, "Precondition Required"],
  [StatusTooManyRequests, "Too Many Requests"],
  [StatusRequestHeaderFieldsTooLarge, "Request Header Fields Too Large"],
  [StatusUnavailableForLegalReasons, "Unavailable For Legal Reasons"],
  [StatusInternalServerError, "Internal Server Error"],
  [StatusNotImplemented, "Not Implemented"],
  [StatusBadGateway, "Bad Gateway"],
  [StatusServiceUnavailable, "Service Unavailable"],
  [StatusGatewayTimeout, "Gateway Timeout"],
  [StatusHTTPVersionNotSupported, "HTTP Version Not Supported"],
  [StatusVariantAlsoNegotiates, "Variant Also Negotiates"],
  [StatusInsufficientStorage, "Insufficient Storage"],
  [StatusLoopDetected, "Loop Detected"],
  [StatusNotExtended, "Not Extended"],
  [StatusNetworkAuthenticationRequired, "Network Authentication Required"],
]);

/**
 * StatusText returns a text for the HTTP status code. It returns the empty string if the code is
 * unknown.
 *
 * @example
 * StatusText(404) // "Not Found"
 */
export function StatusText(code: number): string {
  return statusText.get(code) ?? "";
}
