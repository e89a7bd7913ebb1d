package io.capstan.runtime.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.runtime.testkind.MutableClock;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EventRateLimiterTest {

  private final MutableClock clock = MutableClock.at("2025-01-01T00:00:00Z");
  private final EventRateLimiter limiter = new EventRateLimiter(Duration.ofMinutes(5), clock);

  private FluxEvent event(String uid, EventType type, String reason, String message) {
    return new FluxEvent(
        new ObjectReferenceBuilder()
            .withKind("GitRepository")
            .withName("podinfo")
            .withNamespace("flux-system")
            .withUid(uid)
            .build(),
        type,
        reason,
        message,
        Map.of(),
        clock.instant(),
        "source-controller");
  }

  @Test
  @DisplayName("an identical event is let through once per window")
  void identicalLimited() {
    var e = event("u1", EventType.WARNING, "GitOperationFailed", "timeout");

    assertThat(limiter.allow(e)).isTrue();
    clock.advance(Duration.ofMinutes(4));
    assertThat(limiter.allow(e)).isFalse();
    clock.advance(Duration.ofMinutes(1));
    assertThat(limiter.allow(e)).isTrue();
  }

  @Test
  @DisplayName("events differing in object, type, reason or message are not held back")
  void distinctAllowed() {
    assertThat(limiter.allow(event("u1", EventType.WARNING, "R", "m"))).isTrue();
    assertThat(limiter.allow(event("u2", EventType.WARNING, "R", "m"))).isTrue();
    assertThat(limiter.allow(event("u1", EventType.NORMAL, "R", "m"))).isTrue();
    assertThat(limiter.allow(event("u1", EventType.WARNING, "R2", "m"))).isTrue();
    assertThat(limiter.allow(event("u1", EventType.WARNING, "R", "m2"))).isTrue();
  }

  @Test
  @DisplayName("forgetting an object lets its next event through")
  void forget() {
    var e = event("u1", EventType.WARNING, "R", "m");
    limiter.allow(e);

    limiter.forget("u1");

    assertThat(limiter.allow(e)).isTrue();
  }

  @Test
  @DisplayName("a zero window disables rate limiting")
  void zeroWindow() {
    var unlimited = new EventRateLimiter(Duration.ZERO, clock);
    var e = event("u1", EventType.WARNING, "R", "m");
    assertThat(unlimited.allow(e)).isTrue();
    assertThat(unlimited.allow(e)).isTrue();
  }
}
