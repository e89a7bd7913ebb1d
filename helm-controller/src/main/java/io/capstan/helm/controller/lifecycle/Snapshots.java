package io.capstan.helm.controller.lifecycle;

import io.capstan.api.helm.v2.HelmReleaseSnapshot;
import io.capstan.api.helm.v2.TestHookStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Flux's operations on {@code status.history} ({@code api/v2} {@code Snapshots}): newest release
 * version first, the previous successful release, truncation after a success.
 */
public final class Snapshots {

  /** Flux keeps at most this many snapshots when no earlier successful release bounds them. */
  public static final int DEFAULT_MAX_HISTORY = 5;

  static final String DEPLOYED = "deployed";
  static final String SUPERSEDED = "superseded";
  static final String PHASE_FAILED = "Failed";
  static final String PHASE_SUCCEEDED = "Succeeded";

  private Snapshots() {}

  /** A copy of {@code history} sorted by release version, newest first. */
  public static List<HelmReleaseSnapshot> sorted(List<HelmReleaseSnapshot> history) {
    List<HelmReleaseSnapshot> copy = new ArrayList<>(history == null ? List.of() : history);
    copy.sort(
        Comparator.comparing((HelmReleaseSnapshot s) -> s.getVersion() == null ? 0 : s.getVersion())
            .reversed());
    return copy;
  }

  /** The snapshot of the newest release, or null. */
  public static HelmReleaseSnapshot latest(List<HelmReleaseSnapshot> history) {
    List<HelmReleaseSnapshot> s = sorted(history);
    return s.isEmpty() ? null : s.get(0);
  }

  /**
   * The newest snapshot after the latest that is {@code deployed} or {@code superseded} (and,
   * unless {@code ignoreTests}, has no failed test): the release a rollback returns to; null if
   * none.
   */
  public static HelmReleaseSnapshot previous(
      List<HelmReleaseSnapshot> history, boolean ignoreTests) {
    List<HelmReleaseSnapshot> s = sorted(history);
    for (int i = 1; i < s.size(); i++) {
      if (isSuccess(s.get(i), ignoreTests)) {
        return s.get(i);
      }
    }
    return null;
  }

  /**
   * Flux's {@code Truncate}: keeps the snapshots up to and including the previous successful one;
   * without one, the newest {@value #DEFAULT_MAX_HISTORY}.
   */
  public static List<HelmReleaseSnapshot> truncate(
      List<HelmReleaseSnapshot> history, boolean ignoreTests) {
    List<HelmReleaseSnapshot> s = sorted(history);
    if (s.size() < 2) {
      return s;
    }
    for (int i = 1; i < s.size(); i++) {
      if (isSuccess(s.get(i), ignoreTests)) {
        return new ArrayList<>(s.subList(0, i + 1));
      }
    }
    return s.size() > DEFAULT_MAX_HISTORY ? new ArrayList<>(s.subList(0, DEFAULT_MAX_HISTORY)) : s;
  }

  /**
   * Flux's {@code HasBeenTested}: test hooks were recorded (an empty map: no tests in the chart),
   * and either one failed or all succeeded.
   */
  public static boolean hasBeenTested(HelmReleaseSnapshot s) {
    if (s == null || s.getTestHooks() == null) {
      return false;
    }
    Map<String, TestHookStatus> hooks = s.getTestHooks();
    if (hooks.isEmpty()) {
      return true;
    }
    if (hasTestInPhase(s, PHASE_FAILED)) {
      return true;
    }
    return hooks.values().stream().allMatch(h -> h != null && PHASE_SUCCEEDED.equals(h.getPhase()));
  }

  /** Whether a test hook of {@code s} ended in {@code phase}. */
  public static boolean hasTestInPhase(HelmReleaseSnapshot s, String phase) {
    return s != null
        && s.getTestHooks() != null
        && s.getTestHooks().values().stream()
            .anyMatch(h -> h != null && phase.equals(h.getPhase()));
  }

  /** {@code <namespace>/<name>.v<version>}. */
  public static String fullReleaseName(HelmReleaseSnapshot s) {
    return s == null ? "" : s.getNamespace() + "/" + s.getName() + ".v" + s.getVersion();
  }

  /** {@code <chart>@<version>}. */
  public static String versionedChartName(HelmReleaseSnapshot s) {
    return s == null ? "" : s.getChartName() + "@" + s.getChartVersion();
  }

  private static boolean isSuccess(HelmReleaseSnapshot s, boolean ignoreTests) {
    return (DEPLOYED.equals(s.getStatus()) || SUPERSEDED.equals(s.getStatus()))
        && (ignoreTests || !hasTestInPhase(s, PHASE_FAILED));
  }
}
