package io.capstan.testing.kube;

import io.capstan.local.kube.ControlPlaneFailedException;
import io.capstan.local.kube.CustomResourceDefinitions;
import io.capstan.local.kube.KubeControlPlane;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One control plane per kind (API server only; cluster with N nodes) per JVM, started on first use,
 * shared by every test class, and stopped by a JVM shutdown hook. A failed start is remembered so
 * later test classes fail at once with the same explanation instead of retrying a slow start.
 */
final class SharedControlPlanes {

  private record Kind(boolean cluster, int nodes) {}

  private static final Map<Kind, KubeControlPlane> PLANES = new HashMap<>();
  private static final Map<Kind, RuntimeException> FAILURES = new HashMap<>();
  private static boolean hookInstalled;

  private SharedControlPlanes() {}

  /** The shared control plane of that kind, started (with Capstan's CRDs installed) if needed. */
  static synchronized KubeControlPlane get(boolean cluster, int nodes) {
    Kind kind = new Kind(cluster, cluster ? nodes : 0);
    KubeControlPlane plane = PLANES.get(kind);
    if (plane != null) {
      return plane;
    }
    RuntimeException failure = FAILURES.get(kind);
    if (failure != null) {
      throw new ControlPlaneFailedException(
          "The shared test control plane failed to start earlier: " + failure.getMessage(),
          failure);
    }
    installShutdownHook();
    try {
      plane = startWithCrds(cluster, nodes);
    } catch (RuntimeException e) {
      FAILURES.put(kind, e);
      throw e;
    }
    PLANES.put(kind, plane);
    return plane;
  }

  /** Starts a control plane with Capstan's CRDs installed; the caller owns (closes) it. */
  static KubeControlPlane startWithCrds(boolean cluster, int nodes) {
    KubeControlPlane.Options options =
        cluster ? KubeControlPlane.Options.cluster(nodes) : KubeControlPlane.Options.apiServer();
    KubeControlPlane plane = KubeControlPlane.start(options);
    try {
      List<String> crds =
          CustomResourceDefinitions.install(
              plane.client(),
              CustomResourceDefinitions.onClasspath(CustomResourceDefinitions.TOOLKIT_GROUP_SUFFIX),
              Duration.ofSeconds(60));
      System.err.printf(
          "[capstan-kube] %s ready at %s in %d ms (%d CRDs installed); kubeconfig: %s%n",
          cluster ? "cluster (" + nodes + " kwok node(s))" : "kube-apiserver",
          plane.apiServerUrl(),
          plane.startupTime().toMillis(),
          crds.size(),
          plane.kubeconfig());
      return plane;
    } catch (RuntimeException e) {
      plane.close();
      throw e;
    }
  }

  private static void installShutdownHook() {
    if (hookInstalled) {
      return;
    }
    hookInstalled = true;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  synchronized (SharedControlPlanes.class) {
                    PLANES.values().forEach(KubeControlPlane::close);
                    PLANES.clear();
                  }
                },
                "capstan-kube-shutdown"));
  }
}
