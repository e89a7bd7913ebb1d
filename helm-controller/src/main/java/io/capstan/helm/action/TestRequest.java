package io.capstan.helm.action;

import java.time.Duration;
import java.util.List;

/**
 * Runs the test hooks of the latest release ({@code helm test}).
 *
 * @param releaseName the release
 * @param timeout how long to wait for each test hook
 * @param filters test filters (empty: all tests)
 */
public record TestRequest(String releaseName, Duration timeout, List<TestFilter> filters) {
  public TestRequest {
    timeout = timeout == null ? Duration.ofMinutes(5) : timeout;
    filters = filters == null ? List.of() : List.copyOf(filters);
  }
}
