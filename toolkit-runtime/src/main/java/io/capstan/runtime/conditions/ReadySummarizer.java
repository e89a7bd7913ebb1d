package io.capstan.runtime.conditions;

import io.capstan.api.meta.Condition;
import io.capstan.api.meta.ConditionTypes;
import java.util.Optional;

/**
 * Derives {@code Ready} from a kind's {@link ConditionTable}, as Flux's summarize helper does. The
 * first matching rule wins:
 *
 * <ol>
 *   <li>{@code Stalled=True}: {@code Ready=False} with Stalled's reason and message (with {@link
 *       ConditionTable#failureOutranksStalled(String)} for Stalled's reason, only when rule 2 finds
 *       no problem);
 *   <li>an owned condition reports a problem: {@code Ready=False} with the reason and message of
 *       the highest-priority negative condition that is True, or else of the highest-priority
 *       positive condition that is False (Flux's merge groups: True-negative before False-positive,
 *       table order within a group);
 *   <li>{@code Reconciling=True}: {@code Ready=Unknown} with Reconciling's reason and message;
 *   <li>an explicit success summary was given: {@code Ready=True} with it;
 *   <li>a positive condition is True: {@code Ready=True} with the highest-priority one's reason and
 *       message (e.g. "stored artifact for revision ...");
 *   <li>an owned condition is Unknown: {@code Ready=Unknown} with its reason and message;
 *   <li>otherwise {@code Ready=True} with the table's success reason and message.
 * </ol>
 */
public final class ReadySummarizer {

  /** A reason and a message for {@code Ready=True}, when a step knows better than the table. */
  public record Summary(String reason, String message) {}

  private ReadySummarizer() {}

  /**
   * Sets {@code Ready} on {@code conditions} from the table; {@code success} overrides rule 5 and
   * 7.
   */
  public static void summarize(
      Conditions conditions, ConditionTable table, Optional<Summary> success) {
    Optional<Condition> stalled =
        conditions.get(ConditionTypes.STALLED).filter(c -> c.getStatus() == Condition.Status.True);
    Optional<Condition> problem =
        firstOwned(conditions, table, Match.NEGATIVE_TRUE)
            .or(() -> firstOwned(conditions, table, Match.POSITIVE_FALSE));
    if (stalled.isPresent()
        && !(problem.isPresent() && table.failureOutranksStalled(stalled.get().getReason()))) {
      copy(conditions, Condition.Status.False, stalled.get());
      return;
    }
    if (problem.isPresent()) {
      copy(conditions, Condition.Status.False, problem.get());
      return;
    }
    if (conditions.isReconciling()) {
      copy(conditions, Condition.Status.Unknown, conditions.get(ConditionTypes.RECONCILING).get());
      return;
    }
    if (success.isPresent()) {
      conditions.markTrue(ConditionTypes.READY, success.get().reason(), success.get().message());
      return;
    }
    Optional<Condition> good = firstOwned(conditions, table, Match.POSITIVE_TRUE);
    if (good.isPresent()) {
      copy(conditions, Condition.Status.True, good.get());
      return;
    }
    Optional<Condition> unknown = firstOwned(conditions, table, Match.UNKNOWN);
    if (unknown.isPresent()) {
      copy(conditions, Condition.Status.Unknown, unknown.get());
      return;
    }
    conditions.markTrue(ConditionTypes.READY, table.successReason(), table.successMessage());
  }

  private enum Match {
    NEGATIVE_TRUE,
    POSITIVE_FALSE,
    POSITIVE_TRUE,
    UNKNOWN
  }

  private static Optional<Condition> firstOwned(
      Conditions conditions, ConditionTable table, Match match) {
    for (ConditionTable.Entry entry : table.entries()) {
      Optional<Condition> found =
          conditions.get(entry.type()).filter(c -> matches(entry, c, match));
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private static boolean matches(ConditionTable.Entry entry, Condition c, Match match) {
    return switch (match) {
      case NEGATIVE_TRUE ->
          entry.polarity() == Polarity.NEGATIVE && c.getStatus() == Condition.Status.True;
      case POSITIVE_FALSE ->
          entry.polarity() == Polarity.POSITIVE && c.getStatus() == Condition.Status.False;
      case POSITIVE_TRUE ->
          entry.polarity() == Polarity.POSITIVE && c.getStatus() == Condition.Status.True;
      case UNKNOWN -> c.getStatus() == Condition.Status.Unknown;
    };
  }

  private static void copy(Conditions conditions, Condition.Status status, Condition from) {
    conditions.set(ConditionTypes.READY, status, from.getReason(), from.getMessage());
  }
}
