package io.capstan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.git.GitHttpServer;
import io.capstan.testing.git.TestGitRepository;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.capstan.testing.oci.OciRegistry;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code capstan run} against a real API server: the controllers in one JVM reconcile a
 * GitRepository (served by an in-process Git server) and a Kustomization created as a user would,
 * notification-controller sends the Kustomization's events to an Alert's Provider, an
 * ImageRepository and ImagePolicy are reconciled against a real registry, and the metrics and
 * health endpoints answer.
 */
@WithKubernetes
class RunCommandTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @TempDir Path tmp;

  @Test
  @DisplayName(
      "run reconciles a GitRepository, a Kustomization and an ImagePolicy, then stops on interrupt")
  void reconcilesGitRepositoryAndKustomization(
      KubernetesClient client, KubeNamespace namespace, KubeControlPlane plane) throws Exception {
    String ns = namespace.name();
    try (TestGitRepository repository = TestGitRepository.create(tmp.resolve("app.git"));
        GitHttpServer git = GitHttpServer.builder().start();
        OciRegistry registry = OciRegistry.builder().start()) {
      for (String tag : List.of("1.0.0", "1.2.0", "2.0.0-rc.1")) {
        registry.pushArtifact("org/app", tag, Map.of("f", tag));
      }
      RevCommit commit =
          repository.commit(
              "main",
              "config",
              Map.of(
                  "app/config.yaml",
                  "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n"
                      + "  mode: gitops\n"));
      git.serve("app", repository.repository());
      // an Alert of notification-controller sends the events of the other controllers (handed to
      // its intake in-process) to a generic Provider: a webhook on loopback
      List<String> notifications = new CopyOnWriteArrayList<>();
      HttpServer webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      webhook.createContext(
          "/",
          exchange -> {
            notifications.add(
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
          });
      webhook.start();
      client
          .resource(
              """
              apiVersion: notification.toolkit.fluxcd.io/v1beta3
              kind: Provider
              metadata: {name: hook}
              spec: {type: generic, address: "http://127.0.0.1:%d/alerts"}
              """
                  .formatted(webhook.getAddress().getPort()))
          .inNamespace(ns)
          .create();
      client
          .resource(
              """
              apiVersion: notification.toolkit.fluxcd.io/v1beta3
              kind: Alert
              metadata: {name: apps}
              spec:
                providerRef: {name: hook}
                eventSeverity: info
                eventSources: [{kind: Kustomization, name: "*"}]
              """)
          .inNamespace(ns)
          .create();

      StringWriter out = new StringWriter();
      CommandLine capstan = Main.commandLine();
      capstan.setOut(new PrintWriter(out, true));
      AtomicInteger exit = new AtomicInteger(-1);
      Thread run =
          new Thread(
              () ->
                  exit.set(
                      capstan.execute(
                          "run",
                          "--kubeconfig=" + plane.kubeconfig(),
                          "--storage-path=" + tmp.resolve("artifacts"),
                          "--storage-addr=127.0.0.1:0",
                          "--events-addr=127.0.0.1:0",
                          "--receiverAddr=127.0.0.1:0",
                          "--metrics-addr=127.0.0.1:0",
                          "--health-addr=127.0.0.1:0",
                          "--concurrent=2")),
              "capstan-run");
      run.start();
      await().atMost(TIMEOUT).until(() -> out.toString().contains("Ctrl-C stops."));

      client
          .resource(
              """
              apiVersion: source.toolkit.fluxcd.io/v1
              kind: GitRepository
              metadata:
                name: app
              spec:
                interval: 1m
                url: %s
                ref:
                  branch: main
              """
                  .formatted(git.url("app")))
          .inNamespace(ns)
          .create();
      client
          .resource(
              """
              apiVersion: kustomize.toolkit.fluxcd.io/v1
              kind: Kustomization
              metadata:
                name: app
              spec:
                interval: 1m
                path: ./app
                prune: true
                targetNamespace: %s
                sourceRef:
                  kind: GitRepository
                  name: app
              """
                  .formatted(ns))
          .inNamespace(ns)
          .create();

      String image = registry.host() + "/org/app";
      client
          .resource(
              """
              apiVersion: image.toolkit.fluxcd.io/v1
              kind: ImageRepository
              metadata:
                name: app
              spec:
                image: %s
                interval: 1m
                insecure: true
              """
                  .formatted(image))
          .inNamespace(ns)
          .create();
      client
          .resource(
              """
              apiVersion: image.toolkit.fluxcd.io/v1
              kind: ImagePolicy
              metadata:
                name: app
              spec:
                imageRepositoryRef:
                  name: app
                policy:
                  semver:
                    range: ">=1.0.0"
              """)
          .inNamespace(ns)
          .create();

      String revision = "main@sha1:" + commit.name();
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> {
                GenericKubernetesResource kustomization =
                    client
                        .genericKubernetesResources(
                            "kustomize.toolkit.fluxcd.io/v1", "Kustomization")
                        .inNamespace(ns)
                        .withName("app")
                        .get();
                StatusRow row = StatusRow.ofFluxObject("Kustomization", ns, "app", kustomization);
                assertThat(row.ready()).isEqualTo("True");
                assertThat(row.reason()).isEqualTo("ReconciliationSucceeded");
                assertThat(row.revision()).isEqualTo(revision);
              });
      GenericKubernetesResource source =
          client
              .genericKubernetesResources("source.toolkit.fluxcd.io/v1", "GitRepository")
              .inNamespace(ns)
              .withName("app")
              .get();
      assertThat(StatusRow.ofFluxObject("GitRepository", ns, "app", source).revision())
          .isEqualTo(revision);
      ConfigMap applied = client.configMaps().inNamespace(ns).withName("settings").get();
      assertThat(applied.getData()).containsEntry("mode", "gitops");
      assertThat(applied.getMetadata().getLabels())
          .containsEntry("kustomize.toolkit.fluxcd.io/name", "app");

      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> {
                GenericKubernetesResource policy =
                    client
                        .genericKubernetesResources("image.toolkit.fluxcd.io/v1", "ImagePolicy")
                        .inNamespace(ns)
                        .withName("app")
                        .get();
                assertThat(StatusRow.ofFluxObject("ImagePolicy", ns, "app", policy).ready())
                    .isEqualTo("True");
                Map<String, Object> latest = policy.get("status", "latestRef");
                assertThat(latest).containsEntry("name", image).containsEntry("tag", "1.2.0");
              });
      // the scanned tags live beside the artifact storage, out of the artifact server's reach
      assertThat(tmp.resolve("artifacts-image-reflector").resolve(ns).resolve("app.json"))
          .isRegularFile();
      assertThat(tmp.resolve("artifacts").resolve("image-reflector")).doesNotExist();
      assertThat(Files.exists(tmp.resolve("artifacts").resolve(ns).resolve("app.json"))).isFalse();

      String metrics = get(endpoint(out.toString(), "metrics"), "/metrics");
      for (String kind : List.of("GitRepository", "Kustomization", "ImagePolicy")) {
        assertThat(series(metrics, "gotk_reconcile_condition"))
            .as("%s Ready=True series of both controllers in one registry", kind)
            .anySatisfy(
                line ->
                    assertThat(line)
                        .contains(
                            "kind=\"" + kind + "\"",
                            "name=\"app\"",
                            "namespace=\"" + ns + "\"",
                            "type=\"Ready\"",
                            "status=\"True\"")
                        .endsWith(" 1.0"));
        assertThat(series(metrics, "gotk_reconcile_duration_seconds_count"))
            .anySatisfy(line -> assertThat(line).contains("kind=\"" + kind + "\""));
        // controller-runtime's series, as Flux's control-plane dashboard queries them
        assertThat(series(metrics, "controller_runtime_reconcile_total"))
            .anySatisfy(
                line ->
                    assertThat(line)
                        .contains(
                            "controller=\"" + kind.toLowerCase(java.util.Locale.ROOT) + "\"",
                            "result=\"requeue_after\""));
      }
      assertThat(get(endpoint(out.toString(), "health"), "/readyz")).isEqualTo("ok");
      assertThat(out.toString()).containsPattern("events: intake http://127\\.0\\.0\\.1:\\d+/");
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(notifications)
                      .anySatisfy(
                          body ->
                              assertThat(body)
                                  .contains(
                                      "\"kind\":\"Kustomization\"",
                                      "\"namespace\":\"" + ns + "\"",
                                      "\"reportingController\":\"kustomize-controller\"")));
      webhook.stop(0);

      run.interrupt();
      run.join(Duration.ofSeconds(60).toMillis());
      assertThat(run.isAlive()).isFalse();
      assertThat(exit.get()).isZero();
      assertThat(out.toString()).contains("capstan run: stopping");
    }
  }

  private static String endpoint(String output, String name) {
    Matcher matcher = Pattern.compile(name + ": (http://[^/\\s]+)").matcher(output);
    assertThat(matcher.find()).as("%s address in %s", name, output).isTrue();
    return matcher.group(1);
  }

  /** The sample lines of one Prometheus series name ({@code name{labels} value}). */
  private static List<String> series(String exposition, String name) {
    return exposition.lines().filter(line -> line.startsWith(name + "{")).toList();
  }

  private static String get(String base, String path) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }
}
