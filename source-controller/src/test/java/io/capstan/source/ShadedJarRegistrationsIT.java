package io.capstan.source;

import io.capstan.testing.process.ShadedJarRegistrations;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar registers with fabric8's deserializer only the Kubernetes kinds the controller
 * reads, because fabric8 loads every registered class at start (issue #4, memory).
 */
class ShadedJarRegistrationsIT {

  private static final Path JAR =
      Path.of(System.getProperty("capstan.controller.jar", "target/capstan-source-controller.jar"));

  @Test
  @DisplayName("keeps the kinds the controller reads, leaves out the API groups it never reads")
  void registersOnlyTheKindsTheControllerReads() throws IOException {
    ShadedJarRegistrations.assertTrimmed(JAR);
  }
}
