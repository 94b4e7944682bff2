package ai.clouvel.sdk.http;

import ai.clouvel.sdk.Beta;

/**
 * The HTTP methods providers use. {@link #idempotent()} follows RFC 9110: repeating such a request
 * has the same effect as sending it once, so {@link HttpSupport} may retry it.
 */
@Beta
public enum HttpMethod {
  /** Reads a resource; idempotent. */
  GET(true, false),
  /** Reads a resource's headers; idempotent. */
  HEAD(true, false),
  /** Creates or acts; not idempotent (retried only with an idempotency key). */
  POST(false, true),
  /** Replaces a resource; idempotent. */
  PUT(true, true),
  /** Changes part of a resource; not idempotent (retried only with an idempotency key). */
  PATCH(false, true),
  /** Removes a resource; idempotent. */
  DELETE(true, true),
  /** Asks what a resource supports; idempotent. */
  OPTIONS(true, false);

  private final boolean idempotent;
  private final boolean permitsBody;

  HttpMethod(boolean idempotent, boolean permitsBody) {
    this.idempotent = idempotent;
    this.permitsBody = permitsBody;
  }

  /** Whether sending the request twice has the same effect as sending it once. */
  public boolean idempotent() {
    return idempotent;
  }

  /** Whether a request with this method may carry a body. */
  public boolean permitsBody() {
    return permitsBody;
  }
}
