package io.capstan.source.helmchart;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Chart version arithmetic as Flux does it with Masterminds/semver. */
public final class ChartVersions {

  private static final Pattern VERSION =
      Pattern.compile(
          "^v?(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:-([0-9A-Za-z.-]+))?(?:\\+([0-9A-Za-z.-]+))?$");
  private static final Pattern METADATA = Pattern.compile("^[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*$");

  private ChartVersions() {}

  /**
   * {@code version} with its build metadata replaced by {@code metadata} (Masterminds' {@code
   * SetMetadata} then {@code String()}): {@code 1.2.3-rc.1+abc}, without a leading {@code v}.
   *
   * @throws IllegalArgumentException when the version or the metadata is not valid semver
   */
  public static String withMetadata(String version, String metadata) {
    Matcher m = VERSION.matcher(version);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "failed to parse version from chart metadata as SemVer: Invalid Semantic Version");
    }
    if (!METADATA.matcher(metadata).matches()) {
      throw new IllegalArgumentException(
          "failed to set SemVer metadata on chart version: Invalid Metadata string");
    }
    StringBuilder s =
        new StringBuilder()
            .append(m.group(1))
            .append('.')
            .append(m.group(2) == null ? "0" : m.group(2))
            .append('.')
            .append(m.group(3) == null ? "0" : m.group(3));
    if (m.group(4) != null) {
      s.append('-').append(m.group(4));
    }
    return s.append('+').append(metadata).toString();
  }

  /** True when {@code version} is one exact version rather than a constraint. */
  public static boolean isExact(String version) {
    return version != null && VERSION.matcher(version.trim()).matches();
  }
}
