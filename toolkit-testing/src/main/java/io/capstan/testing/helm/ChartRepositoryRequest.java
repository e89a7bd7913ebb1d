package io.capstan.testing.helm;

/**
 * One request a {@link ChartRepositoryServer} answered.
 *
 * @param method the HTTP method
 * @param path the request path (with the query, if any)
 * @param user the basic-auth user name sent, or {@code null} when no credentials came
 * @param authorized whether the credentials (if the server requires any) were accepted
 * @param status the status code answered
 */
public record ChartRepositoryRequest(
    String method, String path, String user, boolean authorized, int status) {

  /** Whether this was a request for {@code index.yaml}. */
  public boolean isIndex() {
    return path.endsWith("/index.yaml") || path.contains("/index.yaml?");
  }

  /** Whether this was a request for a chart archive. */
  public boolean isChart() {
    return path.endsWith(".tgz") || path.contains(".tgz?");
  }
}
