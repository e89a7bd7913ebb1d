package io.capstan.runtime.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The namespace a controller runs in: {@code $RUNTIME_NAMESPACE} (Flux's Deployments set it from
 * the Pod's namespace), else the service account's namespace file when running in a cluster (where
 * controller-runtime looks for the leader election namespace), else none.
 */
public final class RuntimeNamespace {

  /** Where Kubernetes mounts the Pod's namespace. */
  public static final Path SERVICE_ACCOUNT_NAMESPACE =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

  private RuntimeNamespace() {}

  /** The runtime namespace, or null outside a cluster without {@code $RUNTIME_NAMESPACE}. */
  public static String current() {
    return resolve(System.getenv("RUNTIME_NAMESPACE"), SERVICE_ACCOUNT_NAMESPACE);
  }

  /** {@code env} when set, else the trimmed content of {@code namespaceFile} when readable. */
  static String resolve(String env, Path namespaceFile) {
    if (env != null && !env.isBlank()) {
      return env.trim();
    }
    try {
      String fromFile = Files.readString(namespaceFile).trim();
      return fromFile.isEmpty() ? null : fromFile;
    } catch (IOException e) {
      return null;
    }
  }
}
