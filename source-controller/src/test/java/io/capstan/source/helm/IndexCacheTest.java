package io.capstan.source.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IndexCacheTest {

  static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  static ChartRepositoryIndex index(String chart) throws Exception {
    return ChartRepositoryIndex.parse(
        ("apiVersion: v1\nentries:\n  "
                + chart
                + ":\n  - name: "
                + chart
                + "\n    version: 1.0.0\n")
            .getBytes(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("entries expire a TTL after their last use; reads extend them")
  void ttl() throws Exception {
    MutableClock clock = new MutableClock();
    try (IndexCache cache = new IndexCache(2, Duration.ofMinutes(15), Duration.ZERO, clock)) {
      ChartRepositoryIndex a = index("a");
      assertThat(cache.put("a", a)).isTrue();
      clock.now = clock.now.plus(Duration.ofMinutes(10));
      assertThat(cache.get("a")).isSameAs(a);
      clock.now = clock.now.plus(Duration.ofMinutes(10));
      assertThat(cache.get("a")).isSameAs(a);
      clock.now = clock.now.plus(Duration.ofMinutes(16));
      assertThat(cache.get("a")).isNull();
      assertThat(cache.hits()).isEqualTo(2);
      assertThat(cache.misses()).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("a full cache refuses new entries until some expire, as Flux")
  void full() throws Exception {
    MutableClock clock = new MutableClock();
    try (IndexCache cache = new IndexCache(2, Duration.ofMinutes(1), Duration.ZERO, clock)) {
      assertThat(cache.put("a", index("a"))).isTrue();
      assertThat(cache.put("b", index("b"))).isTrue();
      assertThat(cache.put("c", index("c"))).isFalse();
      assertThat(cache.put("a", index("a"))).isTrue();
      clock.now = clock.now.plus(Duration.ofMinutes(2));
      assertThat(cache.put("c", index("c"))).isTrue();
      assertThat(cache.size()).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("the purge thread removes expired entries; size 0 disables the cache")
  void purgeAndDisabled() throws Exception {
    try (IndexCache cache = new IndexCache(5, Duration.ofMillis(50), Duration.ofMillis(20))) {
      cache.put("a", index("a"));
      long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (cache.size() > 0 && System.nanoTime() < until) {
        Thread.sleep(10);
      }
      assertThat(cache.size()).isZero();
    }
    try (IndexCache off = IndexCache.disabled()) {
      assertThat(off.enabled()).isFalse();
      assertThat(off.put("a", index("a"))).isFalse();
      assertThat(off.get("a")).isNull();
    }
  }
}
