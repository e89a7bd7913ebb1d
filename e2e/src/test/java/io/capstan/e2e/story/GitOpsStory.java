package io.capstan.e2e.story;

import io.capstan.local.kube.KubeControlPlane;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class lifecycle every story shares: one {@link GitOpsStage} per test class, started before
 * its first test under a fresh temporary {@link #root} and closed after its last. Subclasses carry
 * {@code @WithKubernetes} (which resolves the control plane) and only the steps of their story.
 * Story classes run one after another, so the static fields belong to the class running now.
 */
abstract class GitOpsStory {

  @TempDir static Path root;
  static GitOpsStage stage;

  @BeforeAll
  static void startStage(KubeControlPlane plane) throws Exception {
    stage = GitOpsStage.start(plane, root);
  }

  @AfterAll
  static void stopStage() {
    if (stage != null) {
      stage.close();
      stage = null;
    }
  }

  /** The ConfigMap {@code ns/name} as the admin reads it, or null when it does not exist. */
  ConfigMap configMap(String ns, String name) {
    return stage.admin.configMaps().inNamespace(ns).withName(name).get();
  }
}
