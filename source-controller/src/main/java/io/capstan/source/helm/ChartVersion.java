package io.capstan.source.helm;

import java.time.Instant;
import java.util.List;

/**
 * One entry of a chart repository index: only what selecting and downloading a chart needs.
 *
 * @param name the chart name
 * @param version the chart version as written in the index (a semantic version)
 * @param digest the SHA-256 hex of the chart archive, or {@code ""} when the index has none
 * @param urls where the archive can be downloaded, absolute or relative to the repository URL
 * @param created the {@code created} time, or {@code null} when absent or unreadable
 */
public record ChartVersion(
    String name, String version, String digest, List<String> urls, Instant created) {

  /** Entries without a {@code created} time sort as the oldest. */
  Instant createdOrEpoch() {
    return created == null ? Instant.EPOCH : created;
  }
}
