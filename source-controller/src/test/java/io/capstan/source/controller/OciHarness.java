package io.capstan.source.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.meta.Artifact;
import io.capstan.api.meta.Condition;
import io.capstan.api.source.v1.OCIRepository;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One real source-controller against the test API server for OCIRepository tests: apply YAML, read
 * status, download artifacts; plus the OCIRepository status contract.
 */
final class OciHarness extends SourceHarness<OCIRepository> {

  OciHarness(KubernetesClient admin, Path storage, long maxLayerSize) throws Exception {
    super(
        admin,
        storage,
        OCIRepository.class,
        Duration.ofSeconds(45),
        b -> b.ociMaxLayerSize(maxLayerSize));
  }

  /** An OCIRepository on a plain-HTTP registry. */
  static String yaml(String name, String url, String extraSpec) {
    return tlsYaml(name, url, "  insecure: true\n" + extraSpec);
  }

  /** An OCIRepository without {@code insecure} (HTTPS registry). */
  static String tlsYaml(String name, String url, String extraSpec) {
    return "apiVersion: source.toolkit.fluxcd.io/v1\n"
        + "kind: OCIRepository\n"
        + "metadata:\n  name: "
        + name
        + "\n"
        + "spec:\n  interval: 1h\n  timeout: 10s\n  url: "
        + url
        + "\n"
        + extraSpec;
  }

  OCIRepository apply(String namespace, String yaml) {
    return apply(OCIRepository.class, namespace, yaml);
  }

  OCIRepository awaitReady(String namespace, String name) {
    OCIRepository r = awaitStatus(namespace, name, OciHarness::ready);
    check(r);
    return r;
  }

  /**
   * Downloads {@code status.url} (the stable latest link), verifying it is exactly the artifact in
   * status (digest and size); path → content.
   */
  Map<String, String> filesAtStatusUrl(OCIRepository repo) throws Exception {
    Artifact a = repo.getStatus().getArtifact();
    Artifact viaLink = new Artifact();
    viaLink.setUrl(repo.getStatus().getUrl());
    viaLink.setDigest(a.getDigest());
    viaLink.setSize(a.getSize());
    return files(viaLink);
  }

  static Optional<Condition> condition(OCIRepository repo, String type) {
    if (repo.getStatus() == null || repo.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return repo.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst();
  }

  static boolean has(OCIRepository repo, String type, Condition.Status status, String reason) {
    return condition(repo, type)
        .filter(c -> c.getStatus() == status && (reason == null || reason.equals(c.getReason())))
        .isPresent();
  }

  static boolean ready(OCIRepository repo) {
    return has(repo, "Ready", Condition.Status.True, "Succeeded")
        && repo.getStatus().getObservedGeneration() != null
        && repo.getStatus().getObservedGeneration().equals(repo.getMetadata().getGeneration());
  }

  /** Ready ⇒ observed generation and Flux's message; reasons documented; kstatus exclusivity. */
  static void check(OCIRepository repo) {
    List<Condition> conditions =
        repo.getStatus() == null || repo.getStatus().getConditions() == null
            ? List.of()
            : repo.getStatus().getConditions();
    for (Condition c : conditions) {
      assertThat(OCIRepositoryConditions.REASONS)
          .as("reason of %s", c.getType())
          .contains(c.getReason());
    }
    boolean reconciling = has(repo, "Reconciling", Condition.Status.True, null);
    boolean stalled = has(repo, "Stalled", Condition.Status.True, null);
    assertThat(reconciling && stalled).as("Reconciling and Stalled together").isFalse();
    if (has(repo, "Ready", Condition.Status.True, null)) {
      assertThat(repo.getStatus().getObservedGeneration())
          .isEqualTo(repo.getMetadata().getGeneration());
      assertThat(reconciling || stalled).isFalse();
      assertThat(repo.getStatus().getArtifact()).isNotNull();
      assertThat(condition(repo, "Ready").orElseThrow().getMessage())
          .isEqualTo(
              "stored artifact for digest '" + repo.getStatus().getArtifact().getRevision() + "'");
    }
    if (stalled) {
      assertThat(repo.getStatus().getObservedGeneration())
          .isEqualTo(repo.getMetadata().getGeneration());
      assertThat(has(repo, "Ready", Condition.Status.False, null)).isTrue();
    }
  }
}
