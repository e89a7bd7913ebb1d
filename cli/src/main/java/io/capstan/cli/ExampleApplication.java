package io.capstan.cli;

import java.util.Map;

/**
 * The demo application {@code examples/webapp} (a Flask app behind nginx: Namespace, ConfigMap,
 * Deployment, Service and their kustomization), embedded in the cli jar so {@code run --local}
 * works from any directory. Read the same way from a jar or from a classes directory.
 */
public final class ExampleApplication {

  /** The classpath folder holding the example. */
  static final String FOLDER = "io/capstan/cli/examples/webapp";

  /** The namespace, Deployment name of the example. */
  public static final String NAMESPACE = "webapp";

  /** The Deployment of the example. */
  public static final String DEPLOYMENT = "web";

  private ExampleApplication() {}

  /** Every file of the example, by path relative to the application's root, sorted. */
  public static Map<String, String> files() {
    return files(ExampleApplication.class.getClassLoader());
  }

  /** The example's files as {@code loader} sees them (a directory or a jar on its classpath). */
  static Map<String, String> files(ClassLoader loader) {
    return EmbeddedFolder.files(loader, FOLDER);
  }
}
