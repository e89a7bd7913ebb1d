package io.capstan.api.helm.v2;

/** Helm's strategies for waiting until applied resources are ready. */
public enum WaitStrategyName {
  /** Poll resource statuses with kstatus. */
  poller,
  /** Helm 3's waiting logic. */
  legacy
}
