package io.capstan.e2e.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The goals of issue #19 and what one {@link FootprintBench} run measured against them, printed as
 * the run's final "goals" block: met / not met per goal with the measured figure and its ratio to
 * the goal; a goal whose part was skipped says so.
 *
 * <ul>
 *   <li>kustomize-controller ≤ {@value #KC_RSS_GOAL_MIB} MiB peak RSS at 1000 Kustomizations, with
 *       create → all Ready no slower than when the issue was filed ({@value #KC_READY_BEFORE_S} s,
 *       the slower of its two runs);
 *   <li>{@code bin/capstan run --local} ≤ {@value #LOCAL_GOAL_MIB} MiB idle after the first
 *       reconcile;
 *   <li>{@code capstan run} under {@value #RUN_GOAL_MIB} MiB at every controller count;
 *   <li>start-up of the engine jar and {@code bin/capstan build kustomization} within {@value
 *       #START_UP_GOAL}× of {@code kubectl kustomize}, as wall and CPU ratios;
 *   <li>each controller's process start → first reconcile (reported; the issue sets no bound).
 * </ul>
 */
final class FootprintGoals {

  static final double KC_RSS_GOAL_MIB = 150;
  static final double KC_READY_BEFORE_S = 93;
  static final double LOCAL_GOAL_MIB = 200;
  static final double RUN_GOAL_MIB = 250;
  static final double START_UP_GOAL = 2.0;

  /** One start-up command against kubectl on one tree. */
  record StartUp(String tree, String command, double wallRatio, double cpuRatio) {}

  private final List<StartUp> startUps = new ArrayList<>();
  private final Map<String, Double> firstReconciles = new LinkedHashMap<>();
  private final Map<Integer, Double> runIdle = new LinkedHashMap<>();
  private double kcPeakRssMib = -1;
  private double kcReadySeconds = -1;
  private double localIdleMib = -1;

  void startUp(String tree, String command, double wallRatio, double cpuRatio) {
    startUps.add(new StartUp(tree, command, wallRatio, cpuRatio));
  }

  void firstReconcile(String what, double seconds) {
    firstReconciles.put(what, seconds);
  }

  void runIdle(int controllers, double mib) {
    runIdle.put(controllers, mib);
  }

  void localIdle(double mib) {
    localIdleMib = mib;
  }

  void kustomizationsAtScale(double peakRssMib, double readySeconds) {
    kcPeakRssMib = peakRssMib;
    kcReadySeconds = readySeconds;
  }

  /** The block: a heading and one list item per goal. */
  String render() {
    StringBuilder b =
        new StringBuilder("\n**Goals of issue #19 in this run** (printed by the bench):\n\n");
    if (kcPeakRssMib < 0) {
      b.append("- kustomize-controller at 1000 Kustomizations: not measured in this run\n");
    } else {
      b.append(
          String.format(
              "- kustomize-controller peak RSS at 1000 Kustomizations ≤ %.0f MiB: **%s** — %.0f MiB"
                  + " (%.2f× the goal)%n",
              KC_RSS_GOAL_MIB,
              verdict(kcPeakRssMib <= KC_RSS_GOAL_MIB),
              kcPeakRssMib,
              kcPeakRssMib / KC_RSS_GOAL_MIB));
      b.append(
          String.format(
              "- its create → all Ready no slower than before (%.0f s): **%s** — %.1f s (%.2f×)%n",
              KC_READY_BEFORE_S,
              verdict(kcReadySeconds <= KC_READY_BEFORE_S),
              kcReadySeconds,
              kcReadySeconds / KC_READY_BEFORE_S));
    }
    if (localIdleMib < 0) {
      b.append("- `bin/capstan run --local` idle RSS: not measured in this run\n");
    } else {
      b.append(
          String.format(
              "- `bin/capstan run --local` idle ≤ %.0f MiB: **%s** — %.0f MiB (%.2f× the goal)%n",
              LOCAL_GOAL_MIB,
              verdict(localIdleMib <= LOCAL_GOAL_MIB),
              localIdleMib,
              localIdleMib / LOCAL_GOAL_MIB));
    }
    if (runIdle.isEmpty()) {
      b.append("- `capstan run` idle RSS per controller count: not measured in this run\n");
    } else {
      double max = runIdle.values().stream().mapToDouble(Double::doubleValue).max().orElse(-1);
      StringBuilder counts = new StringBuilder();
      runIdle.forEach(
          (count, mib) ->
              counts
                  .append(counts.isEmpty() ? "" : ", ")
                  .append(count)
                  .append(String.format(": %.0f", mib)));
      b.append(
          String.format(
              "- `capstan run` < %.0f MiB at every controller count: **%s** — highest %.0f MiB"
                  + " (%.2f× the goal; MiB per count %s)%n",
              RUN_GOAL_MIB, verdict(max < RUN_GOAL_MIB), max, max / RUN_GOAL_MIB, counts));
    }
    if (startUps.isEmpty()) {
      b.append("- start-up within 2× of `kubectl kustomize`: not measured (no kubectl)\n");
    }
    for (StartUp s : startUps) {
      b.append(
          String.format(
              "- start-up of %s on %s within %.0f× of `kubectl kustomize`: wall %.2f× (**%s**),"
                  + " CPU %.2f× (**%s**)%n",
              s.command(),
              s.tree(),
              START_UP_GOAL,
              s.wallRatio(),
              verdict(s.wallRatio() <= START_UP_GOAL),
              s.cpuRatio(),
              verdict(s.cpuRatio() <= START_UP_GOAL)));
    }
    if (firstReconciles.isEmpty()) {
      b.append("- process start → first reconcile: not measured in this run\n");
    }
    firstReconciles.forEach(
        (what, seconds) ->
            b.append(
                String.format("- %s: %.1f s (reported; no bound in the issue)%n", what, seconds)));
    return b.toString();
  }

  private static String verdict(boolean met) {
    return met ? "met" : "not met";
  }
}
