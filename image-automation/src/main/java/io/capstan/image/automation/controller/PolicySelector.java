package io.capstan.image.automation.controller;

import io.capstan.api.meta.LabelSelector;
import io.capstan.api.meta.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code spec.policySelector} as Kubernetes label selector semantics: every {@code matchLabels}
 * pair and every {@code matchExpressions} requirement ({@code In}, {@code NotIn}, {@code Exists},
 * {@code DoesNotExist}) must hold; an absent or empty selector matches every policy.
 */
final class PolicySelector {

  private static final Set<String> OPERATORS = Set.of("In", "NotIn", "Exists", "DoesNotExist");

  private final Map<String, String> labels;
  private final List<LabelSelectorRequirement> expressions;

  private PolicySelector(Map<String, String> labels, List<LabelSelectorRequirement> expressions) {
    this.labels = labels;
    this.expressions = expressions;
  }

  /**
   * Validates {@code selector}.
   *
   * @throws IllegalArgumentException naming what is invalid, in the API server's words
   */
  static PolicySelector of(LabelSelector selector) {
    if (selector == null) {
      return new PolicySelector(Map.of(), List.of());
    }
    List<LabelSelectorRequirement> expressions =
        selector.getMatchExpressions() == null ? List.of() : selector.getMatchExpressions();
    for (LabelSelectorRequirement r : expressions) {
      if (r.getKey() == null || r.getKey().isBlank()) {
        throw new IllegalArgumentException("a matchExpressions entry has no key");
      }
      if (!OPERATORS.contains(r.getOperator())) {
        throw new IllegalArgumentException(
            "\"" + r.getOperator() + "\" is not a valid label selector operator");
      }
      boolean hasValues = r.getValues() != null && !r.getValues().isEmpty();
      boolean set = r.getOperator().equals("In") || r.getOperator().equals("NotIn");
      if (set && !hasValues) {
        throw new IllegalArgumentException(
            "for 'in', 'notin' operators, values set can't be empty");
      }
      if (!set && hasValues) {
        throw new IllegalArgumentException(
            "values set must be empty for exists and does not exist");
      }
    }
    return new PolicySelector(
        selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels(), expressions);
  }

  /** Whether an object with {@code objectLabels} (may be null) is selected. */
  boolean matches(Map<String, String> objectLabels) {
    Map<String, String> have = objectLabels == null ? Map.of() : objectLabels;
    for (Map.Entry<String, String> e : labels.entrySet()) {
      if (!e.getValue().equals(have.get(e.getKey()))) {
        return false;
      }
    }
    for (LabelSelectorRequirement r : expressions) {
      String value = have.get(r.getKey());
      boolean ok =
          switch (r.getOperator()) {
            case "In" -> value != null && r.getValues().contains(value);
            case "NotIn" -> value == null || !r.getValues().contains(value);
            case "Exists" -> have.containsKey(r.getKey());
            default -> !have.containsKey(r.getKey());
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
