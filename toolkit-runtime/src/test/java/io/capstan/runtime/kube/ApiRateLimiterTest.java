package io.capstan.runtime.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code --kube-api-qps}/{@code --kube-api-burst}: client-go's token bucket, off under APF. */
@WithKubernetes
class ApiRateLimiterTest {

  private static Duration timed(Runnable work) {
    long start = System.nanoTime();
    work.run();
    return Duration.ofNanos(System.nanoTime() - start);
  }

  @Test
  @DisplayName("a burst passes at once, then requests are spaced at 1/qps")
  void tokenBucket() {
    ApiRateLimiter limiter = new ApiRateLimiter(20, 5);

    assertThat(timed(() -> repeat(limiter, 5))).isLessThan(Duration.ofMillis(200));
    // 10 more tokens at 20 per second: about half a second.
    assertThat(timed(() -> repeat(limiter, 10)))
        .isBetween(Duration.ofMillis(400), Duration.ofMillis(2000));
  }

  private static void repeat(ApiRateLimiter limiter, int n) {
    for (int i = 0; i < n; i++) {
      limiter.acquire();
    }
  }

  @Test
  @DisplayName("invalid QPS or burst are refused")
  void refused() {
    assertThatThrownBy(() -> new ApiRateLimiter(0, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ApiRateLimiter(10, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName(
      "a client's requests wait for tokens; with API Priority and Fairness the limiter is off")
  void clientRequests(KubeControlPlane plane) {
    ApiRateLimiter limiter = new ApiRateLimiter(4, 1);
    try (KubernetesClient client =
        ClientCertificateLogin.builder(plane.clientConfig("default"), limiter).build()) {
      // One token at once, then 4 per second: 5 requests take about a second.
      Duration throttled =
          timed(
              () -> {
                for (int i = 0; i < 5; i++) {
                  client.namespaces().withName("default").get();
                }
              });
      assertThat(throttled).isGreaterThanOrEqualTo(Duration.ofMillis(800));

      limiter.disableIfServerFlowControl(client);
      assertThat(limiter.enabled()).as("the test API server runs Priority and Fairness").isFalse();
      Duration free =
          timed(
              () -> {
                for (int i = 0; i < 5; i++) {
                  client.namespaces().withName("default").get();
                }
              });
      assertThat(free).isLessThan(throttled);
    }
  }
}
