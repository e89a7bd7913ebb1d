package io.capstan.runtime.health;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A health assessment that replaces the kstatus rules for the objects it claims, e.g. Flux's {@code
 * healthCheckExprs} (CEL expressions per apiVersion/kind).
 */
@FunctionalInterface
public interface HealthRule {

  /** No object is claimed: {@link KStatus} decides for every object. */
  HealthRule NONE = object -> Optional.empty();

  /**
   * The health of the live {@code object}, or empty when this rule does not apply to it (then
   * {@link KStatus#compute(JsonNode)} decides).
   */
  Optional<Health> assess(JsonNode object);
}
