package io.capstan.runtime.cel;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A {@code spec.dependsOn[].readyExpr}: a boolean CEL expression over {@code self} (the
 * Kustomization being reconciled) and {@code dep} (the dependency), as Flux evaluates it.
 */
public final class ReadyExpression {

  private final CelExpression expression;

  private ReadyExpression(CelExpression expression) {
    this.expression = expression;
  }

  /**
   * Compiles {@code expression} for the dependency {@code dependencyName}.
   *
   * @throws CelExpressionException "failed to evaluate dependency NAME: failed to parse the CEL
   *     expression ..." (Flux's wording) when it does not compile
   */
  public static ReadyExpression compile(String dependencyName, String expression) {
    try {
      return new ReadyExpression(CelExpression.compile(expression, List.of("self", "dep")));
    } catch (CelExpressionException e) {
      throw new CelExpressionException(
          "failed to evaluate dependency " + dependencyName + ": " + e.getMessage(), e);
    }
  }

  /**
   * Whether the dependency is ready.
   *
   * @throws CelExpressionException when evaluation fails (retried like a dependency not ready)
   */
  public boolean isReady(JsonNode self, JsonNode dep) {
    return expression.evaluate(Map.of("self", CelValues.of(self), "dep", CelValues.of(dep)));
  }
}
