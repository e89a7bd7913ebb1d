package io.capstan.e2e.demo;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the deployable jars of the controllers are. The e2e POM depends on both controller modules
 * so that a reactor build ({@code ./mvnw -pl e2e -am verify}) packages their shaded jars before
 * these tests run, and passes their paths as system properties.
 */
final class ControllerJars {

  private ControllerJars() {}

  /** The source-controller jar; fails with instructions when it has not been built. */
  static Path sourceController() {
    return locate(
        "capstan.e2e.sourceControllerJar",
        "source-controller/target/capstan-source-controller.jar",
        "source-controller");
  }

  /** The kustomize-controller jar; fails with instructions when it has not been built. */
  static Path kustomizeController() {
    return locate(
        "capstan.e2e.kustomizeControllerJar",
        "kustomize-controller/target/capstan-kustomize-controller.jar",
        "kustomize-controller");
  }

  static Path locate(String property, String relativeToRoot, String module) {
    String configured = System.getProperty(property);
    Path jar =
        configured != null
            ? Path.of(configured)
            : Path.of(System.getProperty("user.dir")).resolve("..").resolve(relativeToRoot);
    jar = jar.toAbsolutePath().normalize();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "The "
              + module
              + " deployable jar is missing: "
              + jar
              + ". Build it with the e2e module, e.g. `./mvnw -B -pl e2e -am verify` (or `./mvnw -B"
              + " -pl "
              + module
              + " -am package -DskipTests`), or point -D"
              + property
              + "= at it.");
    }
    return jar;
  }
}
