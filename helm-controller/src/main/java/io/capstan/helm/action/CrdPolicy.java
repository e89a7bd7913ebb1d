package io.capstan.helm.action;

/**
 * What to do with the chart's {@code crds/} directory (Flux's {@code install.crds} / {@code
 * upgrade.crds}).
 */
public enum CrdPolicy {
  /** Neither install nor update CRDs. */
  SKIP,
  /** Create CRDs that do not exist; leave existing ones alone. */
  CREATE,
  /** Create new CRDs and update (replace) existing ones; never delete. */
  CREATE_REPLACE
}
