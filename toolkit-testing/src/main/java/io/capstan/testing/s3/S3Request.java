package io.capstan.testing.s3;

/**
 * One HTTP request that reached the S3 server through its public endpoint.
 *
 * @param method the HTTP method ({@code GET}, {@code HEAD}, {@code PUT}, ...)
 * @param target the request target as sent: path and query, e.g. {@code /bucket/key?x-id=GetObject}
 */
public record S3Request(String method, String target) {

  /** The path without the query string, still URL-encoded. */
  public String path() {
    int q = target.indexOf('?');
    return q < 0 ? target : target.substring(0, q);
  }

  /** The query string without {@code ?}, or empty. */
  public String query() {
    int q = target.indexOf('?');
    return q < 0 ? "" : target.substring(q + 1);
  }

  /**
   * True for a GET of an object (a path with a key below the bucket), as opposed to a bucket
   * listing or a bucket-level GET such as {@code ?location}.
   */
  public boolean isObjectGet() {
    if (!method.equals("GET")) {
      return false;
    }
    String p = path();
    int slash = p.indexOf('/', 1);
    return slash > 0 && slash < p.length() - 1;
  }

  /** True for a ListObjects (v1 or v2) request. */
  public boolean isListing() {
    return method.equals("GET") && !isObjectGet() && !query().contains("location");
  }
}
