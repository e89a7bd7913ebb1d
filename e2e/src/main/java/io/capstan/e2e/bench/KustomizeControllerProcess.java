package io.capstan.e2e.bench;

import io.capstan.kustomize.controller.KustomizeController;
import io.capstan.runtime.kube.TolerantSerialization;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.utils.TokenRefreshInterceptor;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The kustomize-controller as a process for the benchmarks, until the module ships a {@code Main}:
 * {@code java -cp <classpath> io.capstan.e2e.bench.KustomizeControllerProcess --concurrent N}
 * starts {@link KustomizeController} on the cluster of {@code $KUBECONFIG} (all namespaces) and
 * runs until SIGTERM.
 *
 * <p>With {@code -Dcapstan.bench.requestLog=FILE} every API request the controller's client sends
 * is appended to FILE as {@code <epoch ms> <METHOD> <path?query>} (a client-side audit log; the
 * artifact downloads use another client and are not in it). For a client-certificate kubeconfig
 * fabric8's token refresh is switched off (it re-parses the kubeconfig on every request after the
 * first minute); {@code -Dcapstan.bench.tokenRefresh=true} keeps it, to measure its cost.
 */
public final class KustomizeControllerProcess {

  private KustomizeControllerProcess() {}

  /** Starts the controller and blocks until the JVM is asked to stop. */
  public static void main(String[] args) throws Exception {
    int concurrent = 4;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--concurrent") && i + 1 < args.length) {
        concurrent = Integer.parseInt(args[++i]);
      } else if (a.startsWith("--concurrent=")) {
        concurrent = Integer.parseInt(a.substring("--concurrent=".length()));
      } else {
        throw new IllegalArgumentException("unknown argument " + a + " (only --concurrent N)");
      }
    }
    Config config = Config.autoConfigure(null);
    KubernetesClientBuilder builder =
        new KubernetesClientBuilder()
            .withConfig(config)
            .withKubernetesSerialization(TolerantSerialization.create());
    String requestLog = System.getProperty("capstan.bench.requestLog");
    RequestLog log = requestLog == null ? null : new RequestLog(Path.of(requestLog));
    boolean keepTokenRefresh = Boolean.getBoolean("capstan.bench.tokenRefresh");
    builder.withHttpClientBuilderConsumer(
        b -> {
          if (log != null) {
            b.addOrReplaceInterceptor("bench-log", log);
          }
          if (!keepTokenRefresh && certificateOnly(config)) {
            // fabric8 7.5 re-parses the kubeconfig before every request once a minute has passed
            // when the user has no token (see toolkit-runtime's ClientCertificateLogin, which the
            // controllers' Main use).
            b.addOrReplaceInterceptor(TokenRefreshInterceptor.NAME, new Interceptor() {});
          }
        });
    CountDownLatch stopped = new CountDownLatch(1);
    try (KubernetesClient client = builder.build();
        KustomizeController controller =
            KustomizeController.builder().client(client).concurrency(concurrent).build()) {
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "shutdown"));
      controller.start();
      System.err.printf("kustomize-controller started, --concurrent=%d%n", concurrent);
      stopped.await();
    } finally {
      if (log != null) {
        log.close();
      }
    }
  }

  /** A client-certificate login with no token that a refresh could renew. */
  static boolean certificateOnly(Config config) {
    return (config.getClientCertFile() != null || config.getClientCertData() != null)
        && config.getOauthToken() == null
        && config.getAutoOAuthToken() == null
        && config.getOauthTokenProvider() == null
        && config.getAuthProvider() == null
        && config.getUsername() == null;
  }

  /** Appends one line per request: time, method, path and query. */
  static final class RequestLog implements Interceptor, AutoCloseable {
    private final BufferedWriter out;

    RequestLog(Path file) throws IOException {
      this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
      String query = request.uri().getRawQuery();
      String line =
          System.currentTimeMillis()
              + " "
              + request.method()
              + " "
              + request.uri().getRawPath()
              + (query == null ? "" : "?" + query)
              + "\n";
      synchronized (out) {
        try {
          out.write(line);
          out.flush();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }

    @Override
    public void close() throws IOException {
      synchronized (out) {
        out.close();
      }
    }
  }
}
