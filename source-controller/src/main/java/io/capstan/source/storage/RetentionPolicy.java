package io.capstan.source.storage;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How long and how many previous artifacts of an object are kept, as Flux's {@code
 * --artifact-retention-ttl} (default 60s) and {@code --artifact-retention-records} (default 2).
 *
 * <p>The current artifact is always kept. Any other artifact older than the TTL is garbage; then,
 * while more than {@code records} artifacts remain (the current one included), the oldest
 * non-current one is garbage too.
 */
public record RetentionPolicy(Duration ttl, int records) {

  /** Flux's defaults: 60 seconds, 2 records. */
  public static final RetentionPolicy DEFAULT = new RetentionPolicy(Duration.ofSeconds(60), 2);

  /** Rejects a negative TTL or record count. */
  public RetentionPolicy {
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || records < 0) {
      throw new IllegalArgumentException("retention TTL and records must not be negative");
    }
  }

  /**
   * The files to delete among {@code files} (each with its last-modified time), given the {@code
   * current} artifact and the time {@code now}. Oldest first.
   */
  public List<Path> garbage(Map<Path, Instant> files, Path current, Instant now) {
    List<Path> byAge = new ArrayList<>(files.keySet());
    byAge.sort(Comparator.comparing((Path p) -> files.get(p)).thenComparing(Path::toString));
    List<Path> garbage = new ArrayList<>();
    for (Path p : byAge) {
      if (!p.equals(current) && Duration.between(files.get(p), now).compareTo(ttl) > 0) {
        garbage.add(p);
      }
    }
    int remaining = byAge.size() - garbage.size();
    for (Path p : byAge) {
      if (remaining <= records) {
        break;
      }
      if (!p.equals(current) && !garbage.contains(p)) {
        garbage.add(p);
        remaining--;
      }
    }
    garbage.sort(Comparator.comparing((Path p) -> files.get(p)).thenComparing(Path::toString));
    return garbage;
  }
}
