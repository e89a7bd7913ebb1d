package io.capstan.kustomize.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shaded jar registers with fabric8's deserializer only the Kubernetes kinds the controller
 * reads, because fabric8 loads every registered class at start (issue #19, memory; applied objects
 * are GenericKubernetesResources).
 */
class ShadedJarRegistrationsIT {

  private static final Path JAR =
      Path.of(
          System.getProperty("capstan.controller.jar", "target/capstan-kustomize-controller.jar"));
  private static final String REGISTRY =
      "META-INF/services/io.fabric8.kubernetes.api.model.KubernetesResource";

  private static List<String> registered;

  @BeforeAll
  static void readRegistry() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      ZipEntry entry = jar.getEntry(REGISTRY);
      assertThat(entry).as(REGISTRY + " in " + JAR).isNotNull();
      try (InputStream in = jar.getInputStream(entry)) {
        registered =
            Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
                .map(String::trim)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "io.fabric8.kubernetes.api.model.Secret",
        "io.fabric8.kubernetes.api.model.Event",
        "io.fabric8.kubernetes.api.model.Namespace",
        "io.fabric8.kubernetes.api.model.coordination.v1.Lease",
        "io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition"
      })
  @DisplayName("keeps the registrations of the kinds the controller reads")
  void keepsNeededKinds(String type) {
    assertThat(registered).contains(type);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "io.fabric8.kubernetes.api.model.gatewayapi.",
        "io.fabric8.kubernetes.api.model.apps.",
        "io.fabric8.kubernetes.api.model.flowcontrol.",
        "io.fabric8.kubernetes.api.model.resource.",
        "io.fabric8.kubernetes.api.model.storage."
      })
  @DisplayName("leaves out the registrations of API groups the controller never reads")
  void dropsUnusedGroups(String prefix) {
    assertThat(registered).noneMatch(type -> type.startsWith(prefix));
  }
}
