package io.capstan.e2e.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the deployable jars of the controllers are. The e2e POM depends on both controller modules
 * so that a reactor build ({@code ./mvnw -pl e2e -am verify}) packages their shaded jars before
 * these tests run, and passes their paths as system properties.
 */
public final class ControllerJars {

  private ControllerJars() {}

  /** The source-controller jar; fails with instructions when it has not been built. */
  public static Path sourceController() {
    return locate(
        "capstan.e2e.sourceControllerJar",
        "source-controller/target/capstan-source-controller.jar",
        "source-controller");
  }

  /** The kustomize-controller jar; fails with instructions when it has not been built. */
  public static Path kustomizeController() {
    return locate(
        "capstan.e2e.kustomizeControllerJar",
        "kustomize-controller/target/capstan-kustomize-controller.jar",
        "kustomize-controller");
  }

  /** The notification-controller jar; fails with instructions when it has not been built. */
  public static Path notificationController() {
    return locate(
        "capstan.e2e.notificationControllerJar",
        "notification-controller/target/capstan-notification-controller.jar",
        "notification-controller");
  }

  /** The image-reflector-controller jar; fails with instructions when it has not been built. */
  public static Path imageReflectorController() {
    return locate(
        "capstan.e2e.imageReflectorControllerJar",
        "image-reflector/target/capstan-image-reflector-controller.jar",
        "image-reflector");
  }

  /** The helm-controller jar; fails with instructions when it has not been built. */
  public static Path helmController() {
    return locate(
        "capstan.e2e.helmControllerJar",
        "helm-controller/target/capstan-helm-controller.jar",
        "helm-controller");
  }

  /** The image-automation-controller jar; fails with instructions when it has not been built. */
  public static Path imageAutomationController() {
    return locate(
        "capstan.e2e.imageAutomationControllerJar",
        "image-automation/target/capstan-image-automation-controller.jar",
        "image-automation");
  }

  public static Path locate(String property, String relativeToRoot, String module) {
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
    warnIfStale(jar);
    return jar;
  }

  /**
   * Prints a warning when a class of the module ({@code target/classes} next to the jar) is newer
   * than the jar: a build that stopped before {@code package} (e.g. {@code mvn test}) leaves an old
   * jar, and the scenarios would then test old code.
   */
  private static void warnIfStale(Path jar) {
    Path classes = jar.resolveSibling("classes");
    if (!Files.isDirectory(classes)) {
      return;
    }
    try (Stream<Path> files = Files.walk(classes)) {
      FileTime built = Files.getLastModifiedTime(jar);
      Optional<Path> newer =
          files
              .filter(Files::isRegularFile)
              .filter(f -> lastModified(f).compareTo(built) > 0)
              .findFirst();
      newer.ifPresent(
          f ->
              System.err.printf(
                  "[capstan-e2e] WARNING: %s is older than %s; run the `package` phase to test"
                      + " the current code%n",
                  jar, f));
    } catch (IOException e) {
      // only a diagnostic
    }
  }

  private static FileTime lastModified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }
}
