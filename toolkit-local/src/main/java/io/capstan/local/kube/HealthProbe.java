package io.capstan.local.kube;

import io.capstan.local.tls.IssuedCertificate;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Polls health endpoints of the control plane's processes over loopback, trusting only the test CA,
 * and fails fast with the process log when a process dies while being waited for.
 */
public final class HealthProbe {

  private static final Duration POLL = Duration.ofMillis(100);

  private final HttpClient http;

  HealthProbe(String caPem) {
    this.http =
        HttpClient.newBuilder()
            // Go's HTTP/2 server sends GOAWAY to the JDK 17 client's preface; HTTP/1.1 is enough.
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(IssuedCertificate.trusting(caPem))
            .connectTimeout(Duration.ofSeconds(2))
            .build();
  }

  /** True if GET {@code uri} answers 200 right now. */
  boolean ok(URI uri) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Waits until {@code condition} holds.
   *
   * @throws ControlPlaneFailedException if any of {@code watched} dies first, or on timeout; the
   *     message names {@code what} and carries the relevant log tail
   */
  public static void await(
      String what, Duration timeout, List<ManagedProcess> watched, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (ManagedProcess process : watched) {
        if (!process.isAlive()) {
          throw new ControlPlaneFailedException(
              "While waiting for " + what + ": " + process.describeDeath(40));
        }
      }
      if (condition.getAsBoolean()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        StringBuilder logs = new StringBuilder();
        for (ManagedProcess process : watched) {
          logs.append("\n--- last lines of ")
              .append(process.logFile())
              .append(":\n")
              .append(process.logTail(25));
        }
        throw new ControlPlaneFailedException(
            "Timed out after " + timeout.toSeconds() + "s waiting for " + what + logs);
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ControlPlaneFailedException("Interrupted while waiting for " + what, e);
      }
    }
  }
}
