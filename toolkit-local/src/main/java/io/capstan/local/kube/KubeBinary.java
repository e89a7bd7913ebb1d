package io.capstan.local.kube;

/**
 * The executables a test control plane is made of, with the Go package each is built from.
 *
 * <p>{@link #ETCD} and {@link #KUBE_APISERVER} are enough for an API server; the other three are
 * needed only in cluster mode.
 */
public enum KubeBinary {
  /** etcd server, built from our own {@code cmd/etcd} wrapper around {@code etcdmain}. */
  ETCD("etcd", "./cmd/etcd"),
  /** The Kubernetes API server. */
  KUBE_APISERVER("kube-apiserver", "k8s.io/kubernetes/cmd/kube-apiserver"),
  /** Runs the built-in controllers (Deployment, ReplicaSet, garbage collector, namespace...). */
  KUBE_CONTROLLER_MANAGER(
      "kube-controller-manager", "k8s.io/kubernetes/cmd/kube-controller-manager"),
  /** Binds pods to nodes. */
  KUBE_SCHEDULER("kube-scheduler", "k8s.io/kubernetes/cmd/kube-scheduler"),
  /**
   * Simulates kubelets: fake nodes turn Ready and scheduled pods turn Running without containers.
   */
  KWOK("kwok", "sigs.k8s.io/kwok/cmd/kwok");

  private final String fileName;
  private final String goPackage;

  KubeBinary(String fileName, String goPackage) {
    this.fileName = fileName;
    this.goPackage = goPackage;
  }

  /** The executable's file name inside a binaries directory. */
  public String fileName() {
    return fileName;
  }

  /** The Go package path passed to {@code go build}, relative to our Go module. */
  String goPackage() {
    return goPackage;
  }
}
