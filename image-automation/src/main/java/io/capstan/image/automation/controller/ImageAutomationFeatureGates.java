package io.capstan.image.automation.controller;

import io.capstan.runtime.process.FeatureGateFlags;
import java.util.Map;
import java.util.Set;

/**
 * image-automation-controller's feature gates (Flux's {@code --feature-gates}), with Flux's
 * defaults.
 *
 * @param gitForcePushBranch {@code GitForcePushBranch} (default on): a push branch other than the
 *     checkout branch is force-pushed, overwriting it with the checkout plus the update
 * @param gitShallowClone {@code GitShallowClone} (default on): clone with depth 1
 * @param gitAllBranchReferences {@code GitAllBranchReferences} (default on): fetch every branch
 *     head, so an existing push branch is found
 * @param cacheSecretsAndConfigMaps {@code CacheSecretsAndConfigMaps} (default off): read Secrets
 *     through the informer cache instead of the API server
 */
public record ImageAutomationFeatureGates(
    boolean gitForcePushBranch,
    boolean gitShallowClone,
    boolean gitAllBranchReferences,
    boolean cacheSecretsAndConfigMaps) {

  static final String GIT_FORCE_PUSH_BRANCH = "GitForcePushBranch";
  static final String GIT_SHALLOW_CLONE = "GitShallowClone";
  static final String GIT_ALL_BRANCH_REFERENCES = "GitAllBranchReferences";
  static final String CACHE_SECRETS_AND_CONFIG_MAPS = "CacheSecretsAndConfigMaps";

  /** Flux's defaults. */
  public static final ImageAutomationFeatureGates DEFAULTS =
      new ImageAutomationFeatureGates(true, true, true, false);

  /** The gates image-automation-controller knows. */
  public static final Set<String> NAMES =
      Set.of(
          GIT_FORCE_PUSH_BRANCH,
          GIT_SHALLOW_CLONE,
          GIT_ALL_BRANCH_REFERENCES,
          CACHE_SECRETS_AND_CONFIG_MAPS);

  /**
   * The gates set in {@code gates}, defaults for the others; gates of other controllers ignored.
   */
  public static ImageAutomationFeatureGates of(Map<String, Boolean> gates) {
    return new ImageAutomationFeatureGates(
        gates.getOrDefault(GIT_FORCE_PUSH_BRANCH, DEFAULTS.gitForcePushBranch()),
        gates.getOrDefault(GIT_SHALLOW_CLONE, DEFAULTS.gitShallowClone()),
        gates.getOrDefault(GIT_ALL_BRANCH_REFERENCES, DEFAULTS.gitAllBranchReferences()),
        gates.getOrDefault(CACHE_SECRETS_AND_CONFIG_MAPS, DEFAULTS.cacheSecretsAndConfigMaps()));
  }

  /**
   * Parses Flux's flag value {@code Name=true,Other=false}; an unknown gate or a value other than
   * true/false is an {@link IllegalArgumentException} naming it.
   */
  public static ImageAutomationFeatureGates parse(String flag) {
    Map<String, Boolean> gates = FeatureGateFlags.parse(flag);
    FeatureGateFlags.requireKnown(gates, NAMES);
    return of(gates);
  }
}
