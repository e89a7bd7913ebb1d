package io.capstan.e2e.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.image.v1.ImagePolicy;
import io.capstan.api.image.v1.ImageRepository;
import io.capstan.api.image.v1.ImageUpdateAutomation;
import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.api.meta.Condition;
import io.capstan.api.source.v1.GitRepository;
import io.capstan.testing.oci.OciRegistry;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The seeds' image automation demo, each controller its own process (kwok cluster): the webapp's
 * Deployment names an image in a real registry on 127.0.0.1 with a setter marker; pushing {@code
 * webapp:1.1.0} makes image-reflector scan it (ImageRepository), select it (ImagePolicy), makes
 * image-automation commit and push the new tag to Git, source-controller fetch that commit and
 * kustomize-controller roll the Deployment out with the new image. Each hop is asserted, and the
 * time from push to rollout is printed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("image automation demo: push a tag, the cluster runs it (controllers as processes)")
class ImageAutomationDemoTest {

  private static final String NS = DemoState.FLUX_NAMESPACE;
  private static final String OLD_IMAGE = "docker.io/library/python:3.12-slim";
  private static final Duration HOP_TIMEOUT = Duration.ofSeconds(120);

  private OciRegistry registry;
  private DemoCluster cluster;
  private GitOpsDemo demo;
  private Path reflectorStorage;
  private String image;

  @BeforeAll
  void start() throws Exception {
    Assumptions.assumeTrue(OciRegistry.available(), "docker-registry is not installed");
    registry = OciRegistry.builder().start();
    image = registry.host() + "/webapp";
    registry.pushArtifact("webapp", "1.0.0", Map.of("version", "1.0.0"));
    cluster = KwokCluster.start(1);
    try {
      demo = GitOpsDemo.start(cluster, getClass().getSimpleName());
      demo.startKustomizeController();
      reflectorStorage = Files.createTempDirectory("capstan-e2e-image-reflector");
      demo.startProcess(
          "image-reflector-controller",
          ControllerJars.imageReflectorController(),
          List.of("--storage-path=" + reflectorStorage, "--concurrent=2"));
      demo.startProcess(
          "image-automation-controller",
          ControllerJars.imageAutomationController(),
          List.of("--concurrent=2"));
      // the developer marks the app's image for the automation
      demo.repository.replace(
          "webapp: image from the registry, marked for image automation",
          GitOpsDemoScenarios.DEPLOYMENT_FILE,
          "image: " + OLD_IMAGE,
          "image: " + image + ":1.0.0 # {\"$imagepolicy\": \"" + NS + ":webapp\"}");
      demo.applyFluxObjects();
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (demo != null) {
      demo.close();
    }
    if (cluster != null) {
      cluster.close();
    }
    if (registry != null) {
      registry.close();
    }
    if (reflectorStorage != null) {
      try (var paths = Files.walk(reflectorStorage)) {
        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private KubernetesClient client() {
    return cluster.client();
  }

  private String runningImage() {
    Deployment d =
        client().apps().deployments().inNamespace(DemoState.APP_NAMESPACE).withName("web").get();
    if (d == null) {
      return null;
    }
    return d.getSpec().getTemplate().getSpec().getContainers().stream()
        .filter(c -> c.getName().equals("app"))
        .findFirst()
        .map(c -> c.getImage())
        .orElse(null);
  }

  private boolean rolledOut() {
    Deployment d =
        client().apps().deployments().inNamespace(DemoState.APP_NAMESPACE).withName("web").get();
    return d != null
        && d.getStatus() != null
        && d.getMetadata().getGeneration().equals(d.getStatus().getObservedGeneration())
        && d.getStatus().getUpdatedReplicas() != null
        && d.getStatus().getUpdatedReplicas().equals(d.getSpec().getReplicas())
        && d.getStatus().getAvailableReplicas() != null
        && d.getStatus().getAvailableReplicas().equals(d.getSpec().getReplicas());
  }

  private static boolean ready(List<Condition> conditions) {
    return conditions != null
        && DemoState.condition(conditions, "Ready")
            .map(c -> "True".equals(String.valueOf(c.getStatus())))
            .orElse(false);
  }

  private ImageRepository imageRepository() {
    return client().resources(ImageRepository.class).inNamespace(NS).withName("webapp").get();
  }

  private ImagePolicy imagePolicy() {
    return client().resources(ImagePolicy.class).inNamespace(NS).withName("webapp").get();
  }

  private ImageUpdateAutomation automation() {
    return client().resources(ImageUpdateAutomation.class).inNamespace(NS).withName("webapp").get();
  }

  private Optional<String> latestTag() {
    ImagePolicy p = imagePolicy();
    return p == null || p.getStatus() == null || p.getStatus().getLatestRef() == null
        ? Optional.empty()
        : Optional.ofNullable(p.getStatus().getLatestRef().getTag());
  }

  @Test
  @Order(1)
  @DisplayName(
      "the marked Deployment runs 1.0.0; the policy selects 1.0.0 and the automation has nothing"
          + " to commit")
  void startsAtFirstTag() {
    String head = demo.repository.headRevision();
    await("Deployment runs " + image + ":1.0.0")
        .atMost(HOP_TIMEOUT)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              Kustomization k = demo.state.kustomization();
              return k != null
                  && k.getStatus() != null
                  && head.equals(k.getStatus().getLastAppliedRevision())
                  && (image + ":1.0.0").equals(runningImage())
                  && rolledOut();
            });
    demo.apply(
        """
        apiVersion: image.toolkit.fluxcd.io/v1
        kind: ImageRepository
        metadata: {name: webapp, namespace: %s}
        spec:
          image: %s
          interval: 2s
          insecure: true
        """
            .formatted(NS, image));
    demo.apply(
        """
        apiVersion: image.toolkit.fluxcd.io/v1
        kind: ImagePolicy
        metadata: {name: webapp, namespace: %s}
        spec:
          imageRepositoryRef: {name: webapp}
          policy:
            semver: {range: ">=1.0.0"}
        """
            .formatted(NS));
    demo.apply(
        """
        apiVersion: image.toolkit.fluxcd.io/v1
        kind: ImageUpdateAutomation
        metadata: {name: webapp, namespace: %s}
        spec:
          interval: 2s
          sourceRef: {kind: GitRepository, name: %s}
          git:
            checkout:
              ref: {branch: main}
            commit:
              author: {name: fluxcdbot, email: fluxcdbot@users.noreply.github.com}
              messageTemplate: |-
                Automated image update

                {{ range .Changed.Changes -}}
                - {{ .OldValue }} -> {{ .NewValue }}
                {{ end -}}
            push:
              branch: main
          update:
            path: ./webapp
            strategy: Setters
        """
            .formatted(NS, DemoState.NAME));
    await("ImagePolicy selects 1.0.0")
        .atMost(HOP_TIMEOUT)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> latestTag().equals(Optional.of("1.0.0")));
    await("ImageUpdateAutomation Ready")
        .atMost(HOP_TIMEOUT)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              ImageUpdateAutomation a = automation();
              return a != null
                  && a.getStatus() != null
                  && ready(a.getStatus().getConditions())
                  && a.getStatus().getLastAutomationRunTime() != null;
            });
    assertThat(automation().getStatus().getLastPushCommit()).isNull();
    assertThat(demo.repository.headRevision()).isEqualTo(head);
    assertThat(imageRepository().getStatus().getCanonicalImageName()).isEqualTo(image);
  }

  @Test
  @Order(2)
  @DisplayName(
      "push webapp:1.1.0 → scanned → selected → committed to Git → fetched → applied: the"
          + " Deployment runs 1.1.0")
  void pushRollsOut() {
    String before = demo.repository.file(GitOpsDemoScenarios.DEPLOYMENT_FILE);
    Map<String, Long> hops = new LinkedHashMap<>();
    long start = System.nanoTime();
    registry.pushArtifact("webapp", "1.1.0", Map.of("version", "1.1.0"));

    await("ImageRepository scans 2 tags")
        .atMost(HOP_TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              ImageRepository r = imageRepository();
              return r.getStatus() != null
                  && r.getStatus().getLastScanResult() != null
                  && Integer.valueOf(2).equals(r.getStatus().getLastScanResult().getTagCount());
            });
    hops.put("ImageRepository scanned", elapsed(start));
    assertThat(imageRepository().getStatus().getLastScanResult().getLatestTags())
        .containsExactly("1.1.0", "1.0.0");

    await("ImagePolicy selects 1.1.0")
        .atMost(HOP_TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> latestTag().equals(Optional.of("1.1.0")));
    hops.put("ImagePolicy selected 1.1.0", elapsed(start));
    assertThat(imagePolicy().getStatus().getObservedPreviousRef().getTag()).isEqualTo("1.0.0");

    String pushed =
        await("ImageUpdateAutomation pushes")
            .atMost(HOP_TIMEOUT)
            .pollInterval(Duration.ofMillis(100))
            .until(
                () -> {
                  ImageUpdateAutomation a = automation();
                  return a.getStatus() == null ? null : a.getStatus().getLastPushCommit();
                },
                c -> c != null);
    hops.put("automation pushed " + pushed.substring(0, 7), elapsed(start));
    assertThat(demo.repository.head().name()).isEqualTo(pushed);
    String after = demo.repository.file(GitOpsDemoScenarios.DEPLOYMENT_FILE);
    assertThat(after).isEqualTo(before.replace(image + ":1.0.0", image + ":1.1.0"));
    String revision = DemoRepository.revision(demo.repository.head());

    await("GitRepository fetches the automation's commit")
        .atMost(HOP_TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              GitRepository g = demo.state.gitRepository();
              return g.getStatus() != null
                  && g.getStatus().getArtifact() != null
                  && revision.equals(g.getStatus().getArtifact().getRevision());
            });
    hops.put("GitRepository artifact", elapsed(start));

    await("Kustomization applies it")
        .atMost(HOP_TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              Kustomization k = demo.state.kustomization();
              return revision.equals(k.getStatus().getLastAppliedRevision());
            });
    hops.put("Kustomization applied", elapsed(start));

    await("Deployment runs 1.1.0")
        .atMost(HOP_TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> (image + ":1.1.0").equals(runningImage()) && rolledOut());
    hops.put("Deployment rolled out", elapsed(start));

    List<String> lines = new ArrayList<>();
    hops.forEach((hop, ms) -> lines.add(hop + " +" + ms + " ms"));
    System.out.println("[capstan-e2e] push → rollout: " + String.join(", ", lines));
    assertThat(hops.get("Deployment rolled out")).isLessThan(HOP_TIMEOUT.toMillis());

    ImageUpdateAutomation a = automation();
    assertThat(a.getStatus().getObservedSourceRevision()).isEqualTo(revision);
    assertThat(a.getStatus().getLastPushTime()).isNotNull();
  }

  private static long elapsed(long start) {
    return Duration.ofNanos(System.nanoTime() - start).toMillis();
  }
}
