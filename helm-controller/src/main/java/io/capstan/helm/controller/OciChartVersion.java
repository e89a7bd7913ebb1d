package io.capstan.helm.controller;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flux's chart digest tracking for charts from an OCIRepository ({@code
 * mutateChartWithSourceRevision}): the artifact revision ({@code <tag>@sha256:<hex>} or {@code
 * sha256:<hex>}) becomes build metadata of the chart version ({@code 1.0.0+<first 12 hex>}), so a
 * tag pushed again with other content is a new chart version (an upgrade), and its digest is
 * recorded as {@code status.lastAttemptedRevisionDigest} and the snapshot's {@code ociDigest}.
 *
 * @param version the chart version to release, with the digest as build metadata
 * @param ociDigest the artifact digest ({@code sha256:<hex>})
 */
record OciChartVersion(String version, String ociDigest) {

  private static final Pattern SEMVER =
      Pattern.compile(
          "^v?(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:-([0-9A-Za-z.-]+))?(?:\\+([0-9A-Za-z.-]+))?$");

  /**
   * The tracked version of {@code chartVersion} for the OCI artifact {@code revision}.
   *
   * @throws IllegalArgumentException with Flux's message when the chart version is not semver, the
   *     tag differs from the chart version or the digest is malformed
   */
  static OciChartVersion track(String chartVersion, String revision) {
    Matcher ver = parse(chartVersion, "Invalid Semantic Version");
    String digest;
    if (revision.contains("@")) {
      String[] tagD = revision.split("@", -1);
      String tag = tagD[0].replace('_', '+');
      Matcher tagVer = SEMVER.matcher(tag);
      if (!tagVer.matches()) {
        throw new IllegalArgumentException("failed parsing artifact revision " + tag);
      }
      if (tagD.length != 2 || !sameVersion(tagVer, ver)) {
        throw new IllegalArgumentException(
            "artifact revision " + tagD[0] + " does not match chart version " + chartVersion);
      }
      digest = tagD[1];
    } else {
      digest = revision;
    }
    return new OciChartVersion(withMetadata(ver, shortDigest(digest)), digest);
  }

  private static Matcher parse(String version, String error) {
    Matcher m = SEMVER.matcher(version == null ? "" : version);
    if (!m.matches()) {
      throw new IllegalArgumentException(error);
    }
    return m;
  }

  /** Masterminds semver's {@code Equal}: major, minor, patch and pre-release; metadata ignored. */
  private static boolean sameVersion(Matcher a, Matcher b) {
    for (int g = 1; g <= 3; g++) {
      if (number(a.group(g)) != number(b.group(g))) {
        return false;
      }
    }
    return Objects.equals(a.group(4), b.group(4));
  }

  private static long number(String s) {
    return s == null ? 0 : Long.parseLong(s);
  }

  /** Flux's {@code extractDigestSubString}: the first 12 characters of the hex part. */
  private static String shortDigest(String revision) {
    String[] pair = revision.split(":", -1);
    if (pair.length != 2 || pair[1].length() < 12) {
      throw new IllegalArgumentException("invalid artifact revision " + revision);
    }
    return pair[1].substring(0, 12);
  }

  /** Masterminds semver's {@code SetMetadata} then {@code String}: canonical, metadata replaced. */
  private static String withMetadata(Matcher v, String metadata) {
    StringBuilder b =
        new StringBuilder()
            .append(number(v.group(1)))
            .append('.')
            .append(number(v.group(2)))
            .append('.')
            .append(number(v.group(3)));
    if (v.group(4) != null) {
      b.append('-').append(v.group(4));
    }
    return b.append('+').append(metadata).toString();
  }
}
