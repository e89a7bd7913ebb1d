package io.capstan.runtime.cel;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.api.common.CustomHealthCheck;
import io.capstan.runtime.health.Health;
import io.capstan.runtime.health.HealthRule;
import io.capstan.runtime.health.HealthStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code spec.healthCheckExprs} as a {@link HealthRule}, as Flux evaluates them: for an object of a
 * listed apiVersion/kind, a {@code status.observedGeneration} that differs from {@code
 * metadata.generation} is InProgress; otherwise {@code inProgress}, {@code failed} and {@code
 * current} are evaluated in that order (those given) and the first that is true decides; none true
 * is InProgress. An evaluation error (e.g. a field the object does not have yet) makes the object
 * Unknown with the error as message, so the wait goes on until the timeout. Objects being deleted
 * and kinds without an entry keep the kstatus rules. The top-level fields of the object ({@code
 * apiVersion}, {@code kind}, {@code metadata}, {@code spec}, {@code status}, ...) are the CEL
 * variables.
 */
public final class CustomHealthChecks implements HealthRule {

  /** The variables an expression may use; those the object lacks are unbound. */
  static final List<String> VARIABLES =
      List.of("apiVersion", "kind", "metadata", "spec", "status", "data", "stringData", "type");

  private record Entry(CelExpression inProgress, CelExpression failed, CelExpression current) {}

  /** An expression and the state it gives the object when true. */
  private record Verdict(CelExpression expression, HealthStatus status) {}

  private final Map<String, Entry> byKind;

  private CustomHealthChecks(Map<String, Entry> byKind) {
    this.byKind = byKind;
  }

  /**
   * Compiles every expression of {@code checks} (null means none).
   *
   * @throws CelExpressionException naming the entry and expression that does not compile, as Flux:
   *     "failed to create custom status reader for healthchecks[0]: failed to parse the expression
   *     InProgress: failed to parse the CEL expression ..."
   */
  public static CustomHealthChecks compile(List<CustomHealthCheck> checks) {
    Map<String, Entry> byKind = new LinkedHashMap<>();
    if (checks == null) {
      return new CustomHealthChecks(byKind);
    }
    for (int i = 0; i < checks.size(); i++) {
      CustomHealthCheck check = checks.get(i);
      String prefix = "failed to create custom status reader for healthchecks[" + i + "]: ";
      if (check.getCurrent() == null || check.getCurrent().isBlank()) {
        throw new CelExpressionException(prefix + "expression Current must be specified", null);
      }
      Entry entry =
          new Entry(
              compileOne(prefix, HealthStatus.IN_PROGRESS.toString(), check.getInProgress()),
              compileOne(prefix, HealthStatus.FAILED.toString(), check.getFailed()),
              compileOne(prefix, HealthStatus.CURRENT.toString(), check.getCurrent()));
      byKind.put(key(check.getApiVersion(), check.getKind()), entry);
    }
    return new CustomHealthChecks(byKind);
  }

  private static CelExpression compileOne(String prefix, String name, String expression) {
    if (expression == null || expression.isBlank()) {
      return null;
    }
    try {
      return CelExpression.compile(expression, VARIABLES);
    } catch (CelExpressionException e) {
      throw new CelExpressionException(
          prefix + "failed to parse the expression " + name + ": " + e.getMessage(), e);
    }
  }

  /** Whether no expression is configured. */
  public boolean isEmpty() {
    return byKind.isEmpty();
  }

  @Override
  public Optional<Health> assess(JsonNode object) {
    Entry entry = byKind.get(key(object.path("apiVersion").asText(), object.path("kind").asText()));
    if (entry == null || object.path("metadata").has("deletionTimestamp")) {
      return Optional.empty();
    }
    JsonNode observed = object.path("status").path("observedGeneration");
    JsonNode generation = object.path("metadata").path("generation");
    if (observed.isNumber() && generation.isNumber() && observed.asLong() != generation.asLong()) {
      return Optional.of(
          new Health(
              HealthStatus.IN_PROGRESS,
              "observedGeneration "
                  + observed.asLong()
                  + " differs from generation "
                  + generation.asLong()));
    }
    Map<String, Object> values = CelValues.fieldsOf(object);
    List<Verdict> order =
        List.of(
            new Verdict(entry.inProgress(), HealthStatus.IN_PROGRESS),
            new Verdict(entry.failed(), HealthStatus.FAILED),
            new Verdict(entry.current(), HealthStatus.CURRENT));
    for (Verdict verdict : order) {
      if (verdict.expression() == null) {
        continue;
      }
      try {
        if (verdict.expression().evaluate(values)) {
          return Optional.of(
              new Health(verdict.status(), "healthCheckExprs: " + verdict.expression().source()));
        }
      } catch (CelExpressionException e) {
        return Optional.of(new Health(HealthStatus.UNKNOWN, e.getMessage()));
      }
    }
    return Optional.of(
        new Health(HealthStatus.IN_PROGRESS, "no healthCheckExprs expression is true yet"));
  }

  private static String key(String apiVersion, String kind) {
    return apiVersion + "/" + kind;
  }
}
