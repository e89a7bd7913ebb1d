package io.capstan.api.helm.v2;

/** How CRDs from a chart's crds directory are handled by an install or upgrade. */
public enum CrdsPolicy {
  /** Neither install nor replace any CRD. */
  Skip,
  /** Create new CRDs; leave existing ones unchanged. */
  Create,
  /** Create new CRDs and replace existing ones; never delete. */
  CreateReplace
}
