package io.capstan.helm.action;

import io.capstan.runtime.health.HealthRule;
import java.time.Duration;

/**
 * How an action waits for the objects it applied.
 *
 * @param resources wait until the objects are ready
 * @param jobs also wait for Jobs to complete (only when {@code resources} is true: Helm 3 waits for
 *     Jobs only with {@code --wait}, and Flux's {@code disableWait} maps to Helm v4's {@code
 *     hookOnly} strategy, which awaits nothing)
 * @param timeout the deadline
 * @param rule an extra health rule that takes precedence (CEL {@code healthCheckExprs}), or null
 * @param strategy kstatus polling or Helm's legacy rules
 */
record Wait(
    boolean resources, boolean jobs, Duration timeout, HealthRule rule, WaitStrategy strategy) {

  /** True when anything is to be awaited. */
  boolean enabled() {
    return resources;
  }
}
