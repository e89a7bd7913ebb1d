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

  /** The image of the app container in {@code deployment.yaml}. */
  static final String APP_IMAGE = "docker.io/library/python:3.12-slim";

  /**
   * The example with the app container's image replaced by {@code image} and marked with a setter
   * for ImagePolicy {@code namespace/policy} ({@code # {"$imagepolicy": "<ns>:<policy>"}}), the way
   * a user prepares a manifest for image automation.
   */
  static Map<String, String> withMarkedImage(
      Map<String, String> files, String image, String namespace, String policy) {
    String deployment = files.get("deployment.yaml");
    String line = "image: " + APP_IMAGE;
    if (deployment == null || !deployment.contains(line)) {
      throw new IllegalStateException("the example's deployment.yaml has no '" + line + "'");
    }
    Map<String, String> marked = new java.util.TreeMap<>(files);
    marked.put(
        "deployment.yaml",
        deployment.replace(
            line,
            "image: " + image + " # {\"$imagepolicy\": \"" + namespace + ":" + policy + "\"}"));
    return marked;
  }

  /** The example's files as {@code loader} sees them (a directory or a jar on its classpath). */
  static Map<String, String> files(ClassLoader loader) {
    return EmbeddedFolder.files(loader, FOLDER);
  }
}
