package io.capstan.oci;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The {@code platform} of an image index entry (OCI image spec, Docker manifest list).
 *
 * @param architecture CPU architecture, e.g. {@code amd64}, {@code arm64}
 * @param os operating system, e.g. {@code linux}
 * @param osVersion optional OS version ({@code os.version})
 * @param osFeatures optional required OS features ({@code os.features})
 * @param variant optional CPU variant, e.g. {@code v8}
 * @param features optional CPU features
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Platform(
    String architecture,
    String os,
    @JsonProperty("os.version") String osVersion,
    @JsonProperty("os.features") List<String> osFeatures,
    String variant,
    List<String> features) {

  /**
   * go-containerregistry's default platform, which Flux's OCIRepository pulls from an index (it
   * passes no platform to {@code remote.Image}).
   */
  public static final Platform LINUX_AMD64 = of("linux", "amd64");

  /** {@code os}/{@code architecture} without variant or features. */
  public static Platform of(String os, String architecture) {
    return new Platform(architecture, os, null, null, null, null);
  }

  /**
   * Whether this (an index entry's platform) satisfies {@code required}, as go-containerregistry's
   * {@code matchesPlatform}: architecture and OS equal; OS version and variant equal when {@code
   * required} names them; {@code required}'s features and OS features all present here.
   */
  public boolean satisfies(Platform required) {
    if (!eq(architecture, required.architecture) || !eq(os, required.os)) {
      return false;
    }
    if (!empty(required.osVersion) && !eq(osVersion, required.osVersion)) {
      return false;
    }
    if (!empty(required.variant) && !eq(variant, required.variant)) {
      return false;
    }
    return contains(osFeatures, required.osFeatures) && contains(features, required.features);
  }

  private static boolean eq(String a, String b) {
    return (a == null ? "" : a).equals(b == null ? "" : b);
  }

  private static boolean empty(String s) {
    return s == null || s.isEmpty();
  }

  private static boolean contains(List<String> have, List<String> wanted) {
    if (wanted == null || wanted.isEmpty()) {
      return true;
    }
    return have != null && have.containsAll(wanted);
  }

  /** {@code os/architecture[/variant][:osVersion]}, as go-containerregistry prints a platform. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    b.append(os == null ? "" : os).append('/').append(architecture == null ? "" : architecture);
    if (!empty(variant)) {
      b.append('/').append(variant);
    }
    if (!empty(osVersion)) {
      b.append(':').append(osVersion);
    }
    return b.toString();
  }
}
