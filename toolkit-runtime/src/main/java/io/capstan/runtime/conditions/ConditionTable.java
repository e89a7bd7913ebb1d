package io.capstan.runtime.conditions;

import io.capstan.api.meta.ConditionTypes;
import io.capstan.api.meta.Reasons;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The conditions a kind owns, each with its polarity, in priority order (first = most important
 * when several report a problem), plus the reason and message {@code Ready} gets when nothing is
 * wrong and no positive condition says more. One table per kind, e.g. for GitRepository:
 *
 * <pre>{@code
 * ConditionTable.builder()
 *     .negative("FetchFailed")
 *     .negative("ArtifactOutdated")
 *     .positive("ArtifactInStorage")
 *     .build();
 * }</pre>
 *
 * <p>{@code Stalled} always ranks above every entry (unless {@link
 * Builder#failureOutranksStalled(String...)} names its reason); {@code Ready}, {@code Reconciling}
 * and {@code Stalled} are always owned.
 */
public final class ConditionTable {

  /** One owned condition type and its polarity. */
  public record Entry(String type, Polarity polarity) {
    public Entry {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(polarity, "polarity");
    }
  }

  private final List<Entry> entries;
  private final String successReason;
  private final String successMessage;
  private final Set<String> failureOutranksStalled;

  private ConditionTable(
      List<Entry> entries,
      String successReason,
      String successMessage,
      Set<String> failureOutranksStalled) {
    this.entries = List.copyOf(entries);
    this.successReason = successReason;
    this.successMessage = successMessage;
    this.failureOutranksStalled = Set.copyOf(failureOutranksStalled);
  }

  /** Starts an empty table whose default success is {@code Succeeded}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The kind's own conditions in priority order (without Ready/Reconciling/Stalled). */
  public List<Entry> entries() {
    return entries;
  }

  /** Every condition type the controller owns: the kstatus trio plus the table's entries. */
  public Set<String> ownedTypes() {
    Set<String> owned = new LinkedHashSet<>();
    owned.add(ConditionTypes.STALLED);
    owned.add(ConditionTypes.RECONCILING);
    owned.add(ConditionTypes.READY);
    entries.forEach(e -> owned.add(e.type()));
    return owned;
  }

  /** The polarity of an owned type; empty for types the table does not list. */
  public Optional<Polarity> polarityOf(String type) {
    if (ConditionTypes.STALLED.equals(type) || ConditionTypes.RECONCILING.equals(type)) {
      return Optional.of(Polarity.NEGATIVE);
    }
    if (ConditionTypes.READY.equals(type)) {
      return Optional.of(Polarity.POSITIVE);
    }
    return entries.stream().filter(e -> e.type().equals(type)).map(Entry::polarity).findFirst();
  }

  /** Reason of {@code Ready=True} when no positive condition provides one. */
  public String successReason() {
    return successReason;
  }

  /** Message of {@code Ready=True} when no positive condition provides one. */
  public String successMessage() {
    return successMessage;
  }

  /**
   * Whether, with {@code Stalled=True} for {@code stalledReason}, an owned condition reporting a
   * problem gives {@code Ready=False} its reason and message (false by default: Stalled's reason
   * wins).
   */
  public boolean failureOutranksStalled(String stalledReason) {
    return failureOutranksStalled.contains(stalledReason);
  }

  /** Collects entries in priority order; a type may be listed once. */
  public static final class Builder {
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private String successReason = Reasons.SUCCEEDED;
    private String successMessage = "Reconciliation succeeded";
    private final Set<String> failureOutranksStalled = new LinkedHashSet<>();

    private Builder() {}

    /** Adds a condition whose True status is good news. */
    public Builder positive(String type) {
      return add(new Entry(type, Polarity.POSITIVE));
    }

    /** Adds a condition whose True status reports a problem ("abnormal-true"). */
    public Builder negative(String type) {
      return add(new Entry(type, Polarity.NEGATIVE));
    }

    /** Sets the default {@code Ready=True} reason and message. */
    public Builder success(String reason, String message) {
      this.successReason = Objects.requireNonNull(reason, "reason");
      this.successMessage = Objects.requireNonNull(message, "message");
      return this;
    }

    /**
     * While {@code Stalled=True} with one of {@code stalledReasons}, {@code Ready=False} keeps the
     * reason and message of the owned condition that reports the failure (e.g. helm-controller's
     * {@code Released=False InstallFailed} next to {@code Stalled=True RetriesExceeded}, as Flux
     * summarizes it); Stalled's own reason is used when no owned condition reports a problem, and
     * for every other stall reason (e.g. {@code InvalidSpec}, {@code AccessDenied}).
     */
    public Builder failureOutranksStalled(String... stalledReasons) {
      for (String reason : stalledReasons) {
        failureOutranksStalled.add(Objects.requireNonNull(reason, "stalledReasons"));
      }
      return this;
    }

    /** The immutable table. */
    public ConditionTable build() {
      return new ConditionTable(
          new ArrayList<>(entries.values()), successReason, successMessage, failureOutranksStalled);
    }

    private Builder add(Entry entry) {
      if (ConditionTypes.READY.equals(entry.type())
          || ConditionTypes.RECONCILING.equals(entry.type())
          || ConditionTypes.STALLED.equals(entry.type())) {
        throw new IllegalArgumentException(entry.type() + " is always owned; do not list it");
      }
      if (entries.putIfAbsent(entry.type(), entry) != null) {
        throw new IllegalArgumentException("condition " + entry.type() + " listed twice");
      }
      return this;
    }
  }
}
