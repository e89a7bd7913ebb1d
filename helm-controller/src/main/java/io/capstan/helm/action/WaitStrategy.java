package io.capstan.helm.action;

/** How an action judges that the objects it applied are ready (Flux's {@code waitStrategy}). */
public enum WaitStrategy {
  /** kstatus, polled (Helm v4's {@code watcher} strategy, Flux's default {@code poller}). */
  POLLER,
  /**
   * Helm's own readiness rules of Helm 3 ({@code pkg/kube/ready.go}), see {@link LegacyReadiness}.
   */
  LEGACY
}
