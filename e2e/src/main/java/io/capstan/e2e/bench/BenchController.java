package io.capstan.e2e.bench;

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
 * The one main loop of the benchmarks' controller launchers ({@link KustomizeControllerProcess},
 * {@link HelmControllerProcess}): parses {@code --concurrent N}, builds the client of {@code
 * $KUBECONFIG}, starts the controller, prints {@code <name> started, --concurrent=N} (the line the
 * benchmarks wait for) and runs until SIGTERM.
 *
 * <p>With {@code -Dcapstan.bench.requestLog=FILE} every API request the client sends is appended to
 * FILE as {@code <epoch ms> <METHOD> <path?query>} (a client-side audit log, read by {@link
 * RequestLogFile}; artifact downloads use another client and are not in it). For a
 * client-certificate kubeconfig fabric8's token refresh is switched off (fabric8 7.5 re-parses the
 * kubeconfig before every request once a minute has passed); {@code
 * -Dcapstan.bench.tokenRefresh=true} keeps it, to measure its cost.
 */
final class BenchController {

  /** Builds and starts one controller on {@code client}; closing the result stops it. */
  @FunctionalInterface
  interface Starter {
    AutoCloseable start(KubernetesClient client, int concurrent) throws Exception;
  }

  private BenchController() {}

  /** Runs the controller {@code name} until the JVM is asked to stop. */
  static void run(String name, String[] args, Starter starter) throws Exception {
    int concurrent = concurrent(args);
    Config config = Config.autoConfigure(null);
    String requestLog = System.getProperty("capstan.bench.requestLog");
    RequestLog log = requestLog == null ? null : new RequestLog(Path.of(requestLog));
    boolean keepTokenRefresh = Boolean.getBoolean("capstan.bench.tokenRefresh");
    KubernetesClientBuilder builder =
        new KubernetesClientBuilder()
            .withConfig(config)
            .withKubernetesSerialization(TolerantSerialization.create())
            .withHttpClientBuilderConsumer(
                b -> {
                  if (log != null) {
                    b.addOrReplaceInterceptor("bench-log", log);
                  }
                  if (!keepTokenRefresh && certificateOnly(config)) {
                    // see toolkit-runtime's ClientCertificateLogin, which the controllers' Main use
                    b.addOrReplaceInterceptor(TokenRefreshInterceptor.NAME, new Interceptor() {});
                  }
                });
    CountDownLatch stopped = new CountDownLatch(1);
    try (KubernetesClient client = builder.build();
        AutoCloseable controller = starter.start(client, concurrent)) {
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "shutdown"));
      System.err.printf("%s started, --concurrent=%d%n", name, concurrent);
      stopped.await();
    } finally {
      if (log != null) {
        log.close();
      }
    }
  }

  /** {@code --concurrent N} or {@code --concurrent=N} (default 4); nothing else is accepted. */
  static int concurrent(String[] args) {
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
    return concurrent;
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
