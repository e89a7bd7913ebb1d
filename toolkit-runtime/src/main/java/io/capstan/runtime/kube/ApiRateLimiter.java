package io.capstan.runtime.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Client-side throttling of API requests as client-go's token bucket, for Flux's {@code
 * --kube-api-qps} / {@code --kube-api-burst}: up to {@code burst} requests at once, refilled at
 * {@code qps} per second; a request beyond that waits in {@link #before} for its token. As in Flux
 * ({@code fluxcd/pkg/runtime/client.GetConfigOrDie}), the limiter turns itself off when the API
 * server runs API Priority and Fairness ({@link #disableIfServerFlowControl}), which does the
 * throttling server-side.
 */
public final class ApiRateLimiter implements Interceptor {

  /** The interceptor's name in a fabric8 HTTP client builder. */
  public static final String NAME = "capstan-api-rate-limit";

  /** The response header an API server with Priority and Fairness sets. */
  static final String FLOW_SCHEMA_HEADER = "X-Kubernetes-PF-FlowSchema-UID";

  private final double qps;
  private final int burst;
  private double tokens;
  private long refilledAt = System.nanoTime();
  private volatile boolean enabled = true;

  /**
   * A limiter of {@code qps} requests per second with bursts of {@code burst}.
   *
   * @throws IllegalArgumentException unless {@code qps > 0} and {@code burst >= 1}
   */
  public ApiRateLimiter(double qps, int burst) {
    if (!(qps > 0) || burst < 1) {
      throw new IllegalArgumentException(
          "--kube-api-qps must be positive and --kube-api-burst at least 1");
    }
    this.qps = qps;
    this.burst = burst;
    this.tokens = burst;
  }

  /** Whether requests are throttled (false once the server does flow control itself). */
  public boolean enabled() {
    return enabled;
  }

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    if (enabled) {
      acquire();
    }
  }

  /** Takes one token, waiting for it when the bucket is empty. */
  public void acquire() {
    long waitNanos;
    synchronized (this) {
      long now = System.nanoTime();
      tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * qps);
      refilledAt = now;
      tokens -= 1;
      waitNanos = tokens >= 0 ? 0 : (long) (-tokens / qps * 1e9);
    }
    long deadline = System.nanoTime() + waitNanos;
    while (waitNanos > 0) {
      LockSupport.parkNanos(waitNanos);
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        return;
      }
      waitNanos = deadline - System.nanoTime();
    }
  }

  /**
   * Asks the API server of {@code client} whether it runs API Priority and Fairness (the response
   * to {@code /livez/ping} carries {@code X-Kubernetes-PF-FlowSchema-UID}) and if so stops
   * throttling, as Flux does; on any error the limiter stays on.
   */
  public void disableIfServerFlowControl(KubernetesClient client) {
    try {
      HttpClient http = client.getHttpClient();
      URI ping = URI.create(client.getMasterUrl().toString().replaceAll("/+$", "") + "/livez/ping");
      HttpResponse<String> response =
          http.sendAsync(http.newHttpRequestBuilder().uri(ping).build(), String.class)
              .get(10, TimeUnit.SECONDS);
      if (!response.headers(FLOW_SCHEMA_HEADER).isEmpty()) {
        enabled = false;
      }
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
