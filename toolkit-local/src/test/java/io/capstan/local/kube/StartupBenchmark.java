package io.capstan.local.kube;

import java.util.ArrayList;
import java.util.List;

/**
 * Not a test: measures warm start-to-ready times of the control plane (binaries already cached).
 * Run with the test classpath: {@code java -cp <test classpath>
 * io.capstan.local.kube.StartupBenchmark [apiServerRuns] [clusterRuns]}.
 */
public final class StartupBenchmark {

  private StartupBenchmark() {}

  /** Starts and stops control planes, printing each startup time and the median. */
  public static void main(String[] args) {
    int apiRuns = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int clusterRuns = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    KubeBinaries binaries =
        KubeBinaryProvisioner.fromEnvironment()
            .provision(KubeControlPlane.Options.cluster(1).requiredBinaries());
    report("apiserver+etcd", measure(binaries, KubeControlPlane.Options.apiServer(), apiRuns));
    report("cluster (1 node)", measure(binaries, KubeControlPlane.Options.cluster(1), clusterRuns));
  }

  private static List<Long> measure(
      KubeBinaries binaries, KubeControlPlane.Options options, int runs) {
    List<Long> millis = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      try (KubeControlPlane plane = KubeControlPlane.start(binaries, options)) {
        millis.add(plane.startupTime().toMillis());
      }
    }
    return millis;
  }

  private static void report(String what, List<Long> millis) {
    List<Long> sorted = new ArrayList<>(millis);
    sorted.sort(null);
    System.out.printf(
        "%s: runs=%s ms, median=%d ms%n", what, millis, sorted.get(sorted.size() / 2));
  }
}
