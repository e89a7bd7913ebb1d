package io.capstan.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.Authenticator;
import java.net.ConnectException;
import java.net.PasswordAuthentication;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;

/**
 * The HTTP side of {@link OciClient}: one JDK client, the registry auth dance (anonymous, basic,
 * bearer tokens from the {@code WWW-Authenticate} realm, cached per scope), redirects without
 * leaking {@code Authorization} to another host, and one resilience4j retry policy. Credentials and
 * tokens are only ever put in headers, never in messages.
 */
final class RegistryHttp {

  private static final System.Logger LOG = System.getLogger(RegistryHttp.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_REDIRECTS = 5;

  private final OciClientOptions options;
  private final HttpClient http;
  private final Retry retry;

  /** Authorization header per "registry|scope" once known (Basic or Bearer). */
  private final Map<String, String> authorizations;

  /** The operation's deadline, or null: each request only has the options' timeout. */
  private final Deadline deadline;

  /** A view sharing {@code base}'s HTTP client, retry policy and tokens, bound to a deadline. */
  private RegistryHttp(RegistryHttp base, Deadline deadline) {
    this.options = base.options;
    this.http = base.http;
    this.retry = base.retry;
    this.authorizations = base.authorizations;
    this.deadline = deadline;
  }

  /** This client's connections and tokens, every call bounded by {@code deadline}. */
  RegistryHttp withDeadline(Deadline deadline) {
    return new RegistryHttp(this, deadline);
  }

  RegistryHttp(OciClientOptions options) {
    this.authorizations = new ConcurrentHashMap<>();
    this.deadline = null;
    this.options = options;
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .connectTimeout(options.timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1);
    if (options.sslContext != null) {
      b.sslContext(options.sslContext);
    }
    if (options.proxy != null) {
      b.proxy(ProxySelector.of(options.proxy));
      if (options.proxyCredentials != null) {
        Credentials pc = options.proxyCredentials;
        b.authenticator(
            new Authenticator() {
              @Override
              protected PasswordAuthentication getPasswordAuthentication() {
                return getRequestorType() == RequestorType.PROXY
                    ? new PasswordAuthentication(pc.username(), pc.password().toCharArray())
                    : null;
              }
            });
      }
    }
    this.http = b.build();
    this.retry =
        Retry.of(
            "oci-registry",
            RetryConfig.custom()
                .maxAttempts(options.maxAttempts)
                .intervalFunction(
                    IntervalFunction.ofExponentialBackoff(options.retryWait.toMillis(), 2.0))
                .retryOnException(RegistryHttp::transientFailure)
                .build());
    retry
        .getEventPublisher()
        .onRetry(
            e ->
                LOG.log(
                    System.Logger.Level.DEBUG,
                    "registry call attempt {0} failed, retrying: {1}",
                    e.getNumberOfRetryAttempts(),
                    e.getLastThrowable() == null ? "" : e.getLastThrowable().getMessage()));
  }

  private static boolean transientFailure(Throwable t) {
    return t instanceof OciException.Unreachable
        || (t instanceof OciException.Protocol p && p.transientFailure());
  }

  /** Runs {@code call} under the retry policy, unwrapping to the typed exception. */
  <T> T retrying(Callable<T> call) throws OciException {
    Callable<T> attempt = deadline == null ? call : () -> withinDeadline(call);
    try {
      return retry.executeCallable(attempt);
    } catch (OciException e) {
      throw e;
    } catch (IOException e) {
      throw new OciException.Unreachable("I/O error: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OciException.Unreachable("interrupted", e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * One attempt under the deadline: none starts once it has passed, and whatever an attempt fails
   * with after it passed (a body closed under the reader, a request timeout) is the deadline's
   * {@code context deadline exceeded}, which the retry policy does not retry.
   */
  private <T> T withinDeadline(Callable<T> call) throws Exception {
    if (deadline.expired()) {
      throw deadline.exceeded(null, null);
    }
    try {
      return call.call();
    } catch (OciException.DeadlineExceeded e) {
      throw e;
    } catch (Exception e) {
      if (deadline.expired()) {
        throw deadline.exceeded(null, e);
      }
      throw e;
    }
  }

  /** {@code http(s)://registry}. */
  URI base(String registry) {
    return URI.create((options.insecure ? "http://" : "https://") + registry);
  }

  /**
   * Sends one request (no retry), authenticating as the registry demands and following redirects.
   * The caller must close the body of the returned response.
   *
   * @param scope the token scope, e.g. {@code repository:org/app:pull}
   */
  HttpResponse<InputStream> send(
      String registry,
      String scope,
      String method,
      URI uri,
      Map<String, String> headers,
      HttpRequest.BodyPublisher body)
      throws OciException {
    String key = registry + "|" + scope;
    String authorization = authorizations.get(key);
    HttpResponse<InputStream> response = exchange(method, uri, headers, body, authorization, 0);
    if (response.statusCode() == 401) {
      String challenge = response.headers().firstValue("WWW-Authenticate").orElse(null);
      drain(response);
      authorization = authorize(registry, scope, challenge);
      if (authorization == null) {
        throw unauthorized(registry, uri, 401);
      }
      authorizations.put(key, authorization);
      response = exchange(method, uri, headers, body, authorization, 0);
    }
    if (response.statusCode() == 401 || response.statusCode() == 403) {
      int status = response.statusCode();
      drain(response);
      authorizations.remove(key);
      throw unauthorized(registry, uri, status);
    }
    return response;
  }

  private OciException.Unauthorized unauthorized(String registry, URI uri, int status) {
    boolean hasCredentials = options.credentials.apply(registry).isPresent();
    return new OciException.Unauthorized(
        (status == 403 ? "access denied (403 Forbidden)" : "authentication required (401)")
            + " for "
            + uri.getPath()
            + " on "
            + registry
            + (hasCredentials ? ": credentials were refused" : ": no credentials configured"),
        status);
  }

  private String authorize(String registry, String scope, String challengeHeader)
      throws OciException {
    Optional<AuthChallenge> challenge = AuthChallenge.parse(challengeHeader);
    Optional<Credentials> credentials = options.credentials.apply(registry);
    if (challenge.isEmpty() || challenge.get().scheme().equals("basic")) {
      return credentials.map(Credentials::basicHeader).orElse(null);
    }
    if (!challenge.get().scheme().equals("bearer")) {
      return null;
    }
    AuthChallenge c = challenge.get();
    String realm = c.param("realm");
    if (realm == null || realm.isBlank()) {
      throw new OciException.Protocol(
          "registry " + registry + " sent a Bearer challenge without a realm", 401);
    }
    StringBuilder query = new StringBuilder();
    if (c.param("service") != null) {
      query.append("service=").append(enc(c.param("service")));
    }
    String wanted = c.param("scope") != null ? c.param("scope") : scope;
    if (wanted != null && !wanted.isBlank()) {
      for (String s : wanted.split(" ")) {
        query.append(query.length() == 0 ? "" : "&").append("scope=").append(enc(s));
      }
    }
    URI tokenUri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
    HttpResponse<InputStream> response =
        exchange(
            "GET",
            tokenUri,
            Map.of(),
            HttpRequest.BodyPublishers.noBody(),
            credentials.map(Credentials::basicHeader).orElse(null),
            0);
    try (InputStream in = response.body()) {
      int status = response.statusCode();
      if (status == 401 || status == 403) {
        throw new OciException.Unauthorized(
            "token service of "
                + registry
                + " refused "
                + (credentials.isPresent() ? "the credentials" : "anonymous access")
                + " ("
                + status
                + ")",
            status);
      }
      if (status != 200) {
        throw new OciException.Protocol(
            "token service of " + registry + " answered HTTP " + status, status);
      }
      JsonNode json = JSON.readTree(in.readNBytes(1024 * 1024));
      String token = json.path("token").asText("");
      if (token.isEmpty()) {
        token = json.path("access_token").asText("");
      }
      if (token.isEmpty()) {
        throw new OciException.Protocol(
            "token service of " + registry + " returned no token", status);
      }
      return "Bearer " + token;
    } catch (IOException e) {
      throw new OciException.Protocol(
          "token service of " + registry + " returned an unreadable body", 0);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private HttpResponse<InputStream> exchange(
      String method,
      URI uri,
      Map<String, String> headers,
      HttpRequest.BodyPublisher body,
      String authorization,
      int redirects)
      throws OciException {
    java.time.Duration timeout = options.timeout;
    if (deadline != null) {
      java.time.Duration left = deadline.remaining();
      if (left.isZero()) {
        throw deadline.exceeded(method + " \"" + redacted(uri) + "\"", null);
      }
      timeout = left.compareTo(timeout) < 0 ? left : timeout;
    }
    HttpRequest.Builder rb =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .method(method, body)
            .header("User-Agent", options.userAgent);
    headers.forEach(rb::header);
    if (authorization != null) {
      rb.header("Authorization", authorization);
    }
    HttpResponse<InputStream> response;
    try {
      response = http.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      if (deadline != null && deadline.expired()) {
        throw deadline.exceeded(method + " \"" + redacted(uri) + "\"", e);
      }
      if (e instanceof HttpConnectTimeoutException) {
        throw new OciException.Unreachable("connection to " + host(uri) + " timed out", e);
      }
      throw new OciException.Unreachable(
          "request to " + host(uri) + " timed out after " + options.timeout, e);
    } catch (ConnectException e) {
      throw new OciException.Unreachable(
          "cannot connect to " + host(uri) + ": connection refused", e);
    } catch (SSLException e) {
      throw new OciException.Unreachable(
          "TLS handshake with " + host(uri) + " failed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new OciException.Unreachable(
          "cannot reach " + host(uri) + ": " + e.getClass().getSimpleName() + " " + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OciException.Unreachable("interrupted while calling " + host(uri), e);
    }
    if (deadline != null) {
      deadline.watch(response.body());
    }
    int status = response.statusCode();
    if ((status == 301 || status == 302 || status == 303 || status == 307 || status == 308)
        && ("GET".equals(method) || "HEAD".equals(method))) {
      Optional<String> location = response.headers().firstValue("Location");
      drain(response);
      if (location.isEmpty() || redirects >= MAX_REDIRECTS) {
        throw new OciException.Protocol(
            "registry " + host(uri) + " sent too many or empty redirects", status);
      }
      URI next = uri.resolve(location.get());
      // Authorization stays with the registry: blob storage redirects carry their own signature.
      String nextAuth = sameOrigin(uri, next) ? authorization : null;
      return exchange(method, next, headers, body, nextAuth, redirects + 1);
    }
    return response;
  }

  /** The URI without query (pre-signed redirect targets carry signatures there). */
  private static String redacted(URI uri) {
    return uri.getScheme() + "://" + host(uri) + uri.getRawPath();
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost().equalsIgnoreCase(b.getHost())
        && a.getPort() == b.getPort();
  }

  static String host(URI uri) {
    return uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
  }

  /** Reads and discards the rest of a body so the connection can be reused. */
  static void drain(HttpResponse<InputStream> response) {
    try (InputStream in = response.body()) {
      in.skip(Long.MAX_VALUE);
    } catch (IOException e) {
      // The connection is dropped instead of reused; nothing else to do.
    }
  }

  /** Reads a small body (error documents, JSON) up to {@code limit} bytes. */
  static byte[] readSmall(HttpResponse<InputStream> response, int limit) throws IOException {
    try (InputStream in = response.body()) {
      return in.readNBytes(limit);
    }
  }

  /** Maps a non-success status to the typed error; {@code what} names the object. */
  static OciException statusError(HttpResponse<InputStream> response, String what) {
    int status = response.statusCode();
    String detail = "";
    try {
      byte[] body = readSmall(response, 4096);
      JsonNode errors = JSON.readTree(body).path("errors");
      if (errors.isArray() && !errors.isEmpty()) {
        detail =
            ": "
                + errors.get(0).path("code").asText("")
                + " "
                + errors.get(0).path("message").asText("");
      }
    } catch (IOException | RuntimeException e) {
      // No OCI error document; the status says enough.
    }
    if (status == 404) {
      return new OciException.NotFound(what + " not found" + detail);
    }
    return new OciException.Protocol(what + ": HTTP " + status + detail, status);
  }

  static Optional<String> header(HttpHeaders headers, String name) {
    return headers.firstValue(name);
  }
}
