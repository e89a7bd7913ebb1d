package io.capstan.cli.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.cli.CapstanVersion;
import io.capstan.cli.Main;
import io.capstan.cli.install.ClusterInstall.Result;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.git.GitHttpServer;
import io.capstan.testing.git.TestGitRepository;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.capstan.testing.tools.TestTools;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The real {@code flux} CLI ({@link TestTools#flux()}, v2.9.4) against a Capstan installed by
 * {@code capstan install} on the local control plane in cluster mode. The installed Deployments are
 * run by kwok (no containers), so the reconciling controllers are {@code capstan run} in this JVM
 * against the same cluster.
 */
@WithKubernetes(cluster = true)
class FluxCliTest {

  @TempDir Path home;

  private static void install(KubeControlPlane plane) {
    Result r = ClusterInstall.capstan(plane.kubeconfig(), "--timeout=3m");
    assertThat(r.exit()).as(r.output()).isZero();
  }

  private Result flux(KubeControlPlane plane, String... args) throws Exception {
    return ClusterInstall.flux(plane.kubeconfig(), home, args);
  }

  @Test
  @DisplayName("flux check --pre, flux check and flux version find the Capstan install")
  void checkAndVersion(KubeControlPlane plane) throws Exception {
    install(plane);
    String version = CapstanVersion.capstan();

    Result pre = flux(plane, "check", "--pre");
    assertThat(pre.exit()).as(pre.output()).isZero();
    assertThat(pre.output())
        .contains("► checking prerequisites", "✔ Kubernetes 1.", "✔ prerequisites checks passed");

    Result check = flux(plane, "check");
    assertThat(check.exit()).as(check.output()).isZero();
    assertThat(check.output())
        .contains(
            "► checking version in cluster",
            "✔ distribution: flux-capstan-v" + version,
            "✔ bootstrapped: false",
            "► checking controllers",
            "✔ source-controller: deployment ready",
            "► localhost:5000/capstan/source-controller:" + version,
            "✔ kustomize-controller: deployment ready",
            "✔ helm-controller: deployment ready",
            "✔ notification-controller: deployment ready",
            "► checking crds",
            "✔ gitrepositories.source.toolkit.fluxcd.io/v1",
            "✔ kustomizations.kustomize.toolkit.fluxcd.io/v1",
            "✔ all checks passed");

    Result v = flux(plane, "version");
    assertThat(v.exit()).as(v.output()).isZero();
    assertThat(v.output())
        .contains(
            "flux: v" + TestTools.fluxVersion() + "-test",
            "distribution: flux-capstan-v" + version,
            "source-controller: " + version,
            "kustomize-controller: " + version,
            "helm-controller: " + version,
            "notification-controller: " + version);
  }

  @Test
  @DisplayName(
      "flux create, get, reconcile, suspend, resume, events, tree and logs work against Capstan's"
          + " controllers (logs: the controllers' JSON log served for the Pods by kwok)")
  void gitOpsCommands(
      KubernetesClient client, KubeNamespace namespace, KubeControlPlane plane, @TempDir Path tmp)
      throws Exception {
    install(plane);
    String ns = namespace.name();
    Path controllerLog = tmp.resolve("controllers.log");
    try (TestGitRepository repository = TestGitRepository.create(tmp.resolve("app.git"));
        GitHttpServer git = GitHttpServer.builder().start();
        CriLogFile logFile = CriLogFile.attach(controllerLog)) {
      RevCommit commit =
          repository.commit(
              "main",
              "config",
              Map.of(
                  "app/settings.yaml",
                  "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n"
                      + "  mode: gitops\n"));
      git.serve("app", repository.repository());

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
                          "--metrics-addr=0",
                          "--health-addr=0",
                          "--concurrent=2")),
              "capstan-run");
      run.start();
      try {
        await()
            .atMost(Duration.ofSeconds(90))
            .until(() -> out.toString().contains("Ctrl-C stops."));
        String revision = "main@sha1:" + commit.name();
        String shortRevision = "main@sha1:" + commit.name().substring(0, 8); // as flux get shows it

        Result source =
            flux(
                plane,
                "create",
                "source",
                "git",
                "app",
                "--url=" + git.url("app"),
                "--branch=main",
                "--interval=10m",
                "-n",
                ns);
        assertThat(source.exit()).as(source.output()).isZero();
        assertThat(source.output())
            .contains(
                "✔ GitRepository source reconciliation completed",
                "✔ fetched revision: " + revision);

        Result ks =
            flux(
                plane,
                "create",
                "kustomization",
                "app",
                "--source=GitRepository/app",
                "--path=./app",
                "--prune=true",
                "--interval=10m",
                "--target-namespace=" + ns,
                "-n",
                ns);
        assertThat(ks.exit()).as(ks.output()).isZero();
        assertThat(ks.output())
            .contains("✔ Kustomization app is ready", "✔ applied revision " + revision);
        assertThat(client.configMaps().inNamespace(ns).withName("settings").get()).isNotNull();

        Result get = flux(plane, "get", "kustomizations", "-n", ns);
        assertThat(get.exit()).as(get.output()).isZero();
        assertThat(get.output()).containsPattern("app\\s+" + shortRevision + "\\s+False\\s+True");

        Result sources = flux(plane, "get", "sources", "git", "-n", ns);
        assertThat(sources.output())
            .containsPattern("app\\s+" + shortRevision + "\\s+False\\s+True");

        Result reconcile =
            flux(plane, "reconcile", "kustomization", "app", "--with-source", "-n", ns);
        assertThat(reconcile.exit()).as(reconcile.output()).isZero();
        assertThat(reconcile.output())
            .contains("✔ fetched revision " + revision, "✔ applied revision " + revision);

        Result suspend = flux(plane, "suspend", "kustomization", "app", "-n", ns);
        assertThat(suspend.exit()).as(suspend.output()).isZero();
        assertThat(suspend.output()).contains("suspended");
        assertThat(flux(plane, "get", "kustomizations", "-n", ns).output())
            .containsPattern("app\\s+" + shortRevision + "\\s+True\\s+True");

        Result resume = flux(plane, "resume", "kustomization", "app", "-n", ns);
        assertThat(resume.exit()).as(resume.output()).isZero();
        assertThat(resume.output()).contains("✔ Kustomization app reconciliation completed");

        Result events = flux(plane, "events", "--for", "Kustomization/app", "-n", ns);
        assertThat(events.exit()).as(events.output()).isZero();
        assertThat(events.output()).contains("ReconciliationSucceeded", "Kustomization/app");

        Result tree = flux(plane, "tree", "kustomization", "app", "-n", ns);
        assertThat(tree.exit()).as(tree.output()).isZero();
        assertThat(tree.output())
            .contains("Kustomization/" + ns + "/app", "└── ConfigMap/" + ns + "/settings");

        // flux logs: the installed Pods run no container (kwok), so each controller Pod's
        // `manager` log is mapped (kwok's Logs object) to the file the controllers of this JVM
        // write in Flux's JSON layout; kube-apiserver fetches it from kwok as from a kubelet
        mapPodLogs(client, controllerLog);
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(
                () -> {
                  Result logs = flux(plane, "logs", "--kind=Kustomization", "--name=app", "-n", ns);
                  assertThat(logs.exit()).as(logs.output()).isZero();
                  assertThat(logs.output())
                      .containsPattern("(?m)^\\S+ info Kustomization/app\\." + ns + " - \\S.*$")
                      .doesNotContain("GitRepository/app");
                });
        Result all = flux(plane, "logs", "--all-namespaces", "--tail=-1");
        assertThat(all.exit()).as(all.output()).isZero();
        assertThat(all.output())
            .contains("GitRepository/app." + ns + " - ", "Kustomization/app." + ns + " - ");
      } finally {
        run.interrupt();
        run.join(Duration.ofSeconds(60).toMillis());
      }
      assertThat(exit.get()).isZero();
    }
  }

  /**
   * Maps the {@code manager} container of every Flux Pod in {@code flux-system} to {@code file}
   * with a kwok {@code Logs} object named after the Pod (toolkit-local's cluster mode enables
   * them).
   */
  private static void mapPodLogs(KubernetesClient client, Path file) {
    var logs =
        new io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext.Builder()
            .withGroup("kwok.x-k8s.io")
            .withVersion("v1alpha1")
            .withPlural("logs")
            .withKind("Logs")
            .withNamespaced(true)
            .build();
    var pods =
        client
            .pods()
            .inNamespace("flux-system")
            .withLabel("app.kubernetes.io/part-of", "flux")
            .list()
            .getItems();
    assertThat(pods).isNotEmpty();
    for (var pod : pods) {
      var object = new io.fabric8.kubernetes.api.model.GenericKubernetesResource();
      object.setApiVersion("kwok.x-k8s.io/v1alpha1");
      object.setKind("Logs");
      object.setMetadata(
          new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
              .withName(pod.getMetadata().getName())
              .withNamespace("flux-system")
              .build());
      object.setAdditionalProperty(
          "spec",
          Map.of(
              "logs",
              java.util.List.of(
                  Map.of(
                      "containers", java.util.List.of("manager"), "logsFile", file.toString()))));
      client
          .genericKubernetesResources(logs)
          .inNamespace("flux-system")
          .resource(object)
          .fieldManager("capstan-test")
          .forceConflicts()
          .serverSideApply();
    }
  }
}
