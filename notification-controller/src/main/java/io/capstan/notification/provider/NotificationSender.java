package io.capstan.notification.provider;

import io.capstan.oci.TlsSettings;
import io.capstan.runtime.events.SecretRedaction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * Sends {@link OutboundRequest}s for one Provider: through its proxy ({@code proxySecretRef} /
 * secret {@code proxy}), trusting its CA ({@code certSecretRef} {@code ca.crt}/{@code caFile}) and
 * presenting its client certificate ({@code tls.crt}/{@code tls.key}, via toolkit-oci's {@link
 * TlsSettings}), each attempt bounded by the Provider's timeout; connection errors, 429 and 5xx are
 * retried with exponential backoff (Flux's retryablehttp: 4 retries), other non-2xx fail at once.
 * Error messages never contain the Provider's secrets.
 */
public final class NotificationSender {

  /** Retry policy of outbound notification calls. */
  public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    /** Flux's: 5 attempts, 1s..30s. */
    public static final RetryPolicy DEFAULT =
        new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(30));
  }

  /** A failed delivery (message already scrubbed of secrets). */
  public static final class DeliveryException extends Exception {
    DeliveryException(String message) {
      super(message, null, false, false);
    }
  }

  private static final class Retryable extends RuntimeException {
    Retryable(String message) {
      super(message, null, false, false);
    }
  }

  /** A non-2xx answer other than 429 and 5xx: not retried (as Flux's retryablehttp). */
  private static final class ClientError extends RuntimeException {
    ClientError(String message) {
      super(message, null, false, false);
    }
  }

  private final ProviderSettings settings;
  private final HttpClient http;
  private final Retry retry;

  /** A sender for {@code settings} with {@code policy}. */
  public NotificationSender(ProviderSettings settings, RetryPolicy policy)
      throws UnsupportedProviderException {
    this.settings = settings;
    this.http = client(settings);
    this.retry =
        Retry.of(
            "notification",
            RetryConfig.custom()
                .maxAttempts(policy.maxAttempts())
                .intervalFunction(
                    IntervalFunction.ofExponentialBackoff(
                        policy.initialBackoff(), 2.0, policy.maxBackoff()))
                .retryOnException(e -> e instanceof Retryable || e instanceof IOException)
                .build());
  }

  /** Sends {@code request}, retrying as documented; returns the final status code. */
  public int send(OutboundRequest request) throws DeliveryException, InterruptedException {
    return exchange(request).statusCode();
  }

  /** Sends {@code request} (typically a GET), retrying as documented; returns the body. */
  public String fetch(OutboundRequest request) throws DeliveryException, InterruptedException {
    return fetch(request, false);
  }

  /**
   * Sends {@code request} (typically a GET), retrying as documented; returns the body, or {@code
   * ""} for a 404 when {@code notFoundIsEmpty} (a commit without a status of that key).
   */
  public String fetch(OutboundRequest request, boolean notFoundIsEmpty)
      throws DeliveryException, InterruptedException {
    HttpResponse<String> response = exchange(request, notFoundIsEmpty);
    String body = response.statusCode() == 404 ? "" : response.body();
    return body == null ? "" : body;
  }

  private HttpResponse<String> exchange(OutboundRequest request)
      throws DeliveryException, InterruptedException {
    return exchange(request, false);
  }

  private HttpResponse<String> exchange(OutboundRequest request, boolean notFoundIsEmpty)
      throws DeliveryException, InterruptedException {
    try {
      return retry.executeCheckedSupplier(() -> attempt(request, notFoundIsEmpty));
    } catch (InterruptedException e) {
      throw e;
    } catch (Throwable e) {
      throw new DeliveryException(
          SecretRedaction.redact(
              "postMessage failed: " + e.getMessage() + " (" + request.uri().getHost() + ")",
              settings.secretValues()));
    }
  }

  private HttpResponse<String> attempt(OutboundRequest request, boolean notFoundIsEmpty)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(request.uri())
            .timeout(settings.timeout())
            .method(
                request.method(),
                request.body().length == 0 && "GET".equals(request.method())
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(request.body()));
    request.headers().forEach(b::header);
    HttpResponse<String> response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    int code = response.statusCode();
    if (code == 429 || code >= 500) {
      throw new Retryable("request failed with status code " + code);
    }
    if (code == 404 && notFoundIsEmpty) {
      return response;
    }
    if (code < 200 || code >= 300) {
      String body = response.body() == null ? "" : response.body();
      if (body.length() > 200) {
        body = body.substring(0, 200);
      }
      throw new ClientError("request failed with status code " + code + ", " + body);
    }
    return response;
  }

  private static HttpClient client(ProviderSettings s) throws UnsupportedProviderException {
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(s.timeout())
            .followRedirects(HttpClient.Redirect.NORMAL);
    if (s.proxy() != null && !s.proxy().isBlank()) {
      URI proxy = URI.create(s.proxy().trim());
      int port =
          proxy.getPort() > 0 ? proxy.getPort() : ("https".equals(proxy.getScheme()) ? 443 : 80);
      b.proxy(ProxySelector.of(new InetSocketAddress(proxy.getHost(), port)));
      if (s.proxyUsername() != null && !s.proxyUsername().isEmpty()) {
        String user = s.proxyUsername();
        char[] pass = s.proxyPassword() == null ? new char[0] : s.proxyPassword().toCharArray();
        b.authenticator(
            new Authenticator() {
              @Override
              protected PasswordAuthentication getPasswordAuthentication() {
                return getRequestorType() == RequestorType.PROXY
                    ? new PasswordAuthentication(user, pass)
                    : null;
              }
            });
      }
    }
    if (bytes(s.caPem()) != null || bytes(s.certPem()) != null || bytes(s.keyPem()) != null) {
      b.sslContext(tls(s));
    }
    return b.build();
  }

  private static SSLContext tls(ProviderSettings s) throws UnsupportedProviderException {
    try {
      return TlsSettings.fromPem(bytes(s.caPem()), bytes(s.certPem()), bytes(s.keyPem()))
          .sslContext();
    } catch (TlsSettings.InvalidMaterial e) {
      throw new UnsupportedProviderException(
          UnsupportedProviderException.INVALID, "invalid certSecretRef: " + e.getMessage());
    }
  }

  private static byte[] bytes(String pem) {
    return pem == null || pem.isBlank() ? null : pem.getBytes(StandardCharsets.UTF_8);
  }
}
