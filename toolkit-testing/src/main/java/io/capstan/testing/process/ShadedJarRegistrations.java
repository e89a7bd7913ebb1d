package io.capstan.testing.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * Checks a controller's shaded jar keeps with fabric8's deserializer registry ({@value #REGISTRY})
 * only the Kubernetes kinds the controller reads: fabric8 loads every registered class at start, so
 * a full registry costs memory (issues #4, #19).
 */
public final class ShadedJarRegistrations {

  /** fabric8's service file listing the classes its deserializer registers. */
  public static final String REGISTRY =
      "META-INF/services/io.fabric8.kubernetes.api.model.KubernetesResource";

  /** Kinds every controller reads (Secrets, Events, Namespaces, leader-election Leases, CRDs). */
  public static final List<String> KINDS_CONTROLLERS_READ =
      List.of(
          "io.fabric8.kubernetes.api.model.Secret",
          "io.fabric8.kubernetes.api.model.Event",
          "io.fabric8.kubernetes.api.model.Namespace",
          "io.fabric8.kubernetes.api.model.coordination.v1.Lease",
          "io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition");

  /** Packages (API groups) of kinds no controller reads. */
  public static final List<String> GROUPS_CONTROLLERS_NEVER_READ =
      List.of(
          "io.fabric8.kubernetes.api.model.gatewayapi.",
          "io.fabric8.kubernetes.api.model.apps.",
          "io.fabric8.kubernetes.api.model.flowcontrol.",
          "io.fabric8.kubernetes.api.model.resource.",
          "io.fabric8.kubernetes.api.model.storage.");

  private ShadedJarRegistrations() {}

  /**
   * The classes {@code jar} registers (blank lines and comments left out).
   *
   * @throws AssertionError when the jar has no {@value #REGISTRY}
   */
  public static List<String> read(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      ZipEntry entry = file.getEntry(REGISTRY);
      if (entry == null) {
        throw new AssertionError(REGISTRY + " is missing from " + jar);
      }
      try (InputStream in = file.getInputStream(entry)) {
        return Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
            .map(String::trim)
            .filter(line -> !line.isEmpty() && !line.startsWith("#"))
            .toList();
      }
    }
  }

  /** {@link #assertTrimmed(Path, List, List)} with the kinds and groups common to controllers. */
  public static void assertTrimmed(Path jar) throws IOException {
    assertTrimmed(jar, KINDS_CONTROLLERS_READ, GROUPS_CONTROLLERS_NEVER_READ);
  }

  /**
   * Asserts {@code jar} registers every class of {@code kept} and none whose name starts with one
   * of {@code droppedPrefixes}.
   *
   * @throws AssertionError naming every missing kind and every registration that should be gone
   */
  public static void assertTrimmed(Path jar, List<String> kept, List<String> droppedPrefixes)
      throws IOException {
    List<String> registered = read(jar);
    List<String> problems = new ArrayList<>();
    for (String type : kept) {
      if (!registered.contains(type)) {
        problems.add("missing registration of " + type);
      }
    }
    for (String type : registered) {
      if (droppedPrefixes.stream().anyMatch(type::startsWith)) {
        problems.add("unexpected registration of " + type);
      }
    }
    if (!problems.isEmpty()) {
      throw new AssertionError(jar + " " + REGISTRY + ":\n  " + String.join("\n  ", problems));
    }
  }
}
