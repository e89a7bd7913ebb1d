package io.capstan.kustomize.controller.status;

import io.capstan.api.kustomize.v1.HistorySnapshot;
import io.capstan.runtime.reconcile.GoDuration;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code status.history} as Flux's {@code meta.History} keeps it: one snapshot per (digest of the
 * built objects, outcome), most recent first, at most {@value #MAX_SIZE}. Reconciling the same set
 * with the same outcome again updates that snapshot (last reconciled time, duration, count,
 * metadata) and moves it to the front; anything else adds a snapshot at the front and drops the
 * oldest beyond the limit.
 */
public final class ReconcileHistory {

  /** Flux's {@code HistoryMaxSize}. */
  public static final int MAX_SIZE = 5;

  private ReconcileHistory() {}

  /**
   * {@code history} with this reconcile recorded (a new list; neither the argument nor its
   * snapshots are changed).
   *
   * @param digest the digest of the built objects, see {@link
   *     io.capstan.kustomize.controller.build.KustomizeBuild#digest}
   * @param at when the reconcile ended (stored to the second, as {@code metav1.Time})
   * @param took how long it took (a Go duration string)
   * @param status the outcome, a Ready reason such as {@code ReconciliationSucceeded}
   * @param metadata e.g. {@code revision}, {@code originRevision}
   */
  public static List<HistorySnapshot> upsert(
      List<HistorySnapshot> history,
      String digest,
      Instant at,
      Duration took,
      String status,
      Map<String, String> metadata) {
    List<HistorySnapshot> result = new ArrayList<>(history == null ? List.of() : history);
    String time = DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.SECONDS));
    String duration = GoDuration.format(took);
    Map<String, String> meta = metadata.isEmpty() ? null : new LinkedHashMap<>(metadata);
    for (int i = 0; i < result.size(); i++) {
      HistorySnapshot found = result.get(i);
      if (digest.equals(found.getDigest()) && status.equals(found.getLastReconciledStatus())) {
        HistorySnapshot s = new HistorySnapshot();
        s.setDigest(digest);
        s.setFirstReconciled(found.getFirstReconciled());
        s.setLastReconciledStatus(status);
        s.setLastReconciled(time);
        s.setLastReconciledDuration(duration);
        s.setTotalReconciliations(
            (found.getTotalReconciliations() == null ? 0 : found.getTotalReconciliations()) + 1);
        s.setMetadata(meta);
        result.remove(i);
        result.add(0, s);
        return result;
      }
    }
    HistorySnapshot snapshot = new HistorySnapshot();
    snapshot.setDigest(digest);
    snapshot.setFirstReconciled(time);
    snapshot.setLastReconciled(time);
    snapshot.setLastReconciledDuration(duration);
    snapshot.setLastReconciledStatus(status);
    snapshot.setTotalReconciliations(1L);
    snapshot.setMetadata(meta);
    result.add(0, snapshot);
    while (result.size() > MAX_SIZE) {
      result.remove(result.size() - 1);
    }
    return result;
  }
}
