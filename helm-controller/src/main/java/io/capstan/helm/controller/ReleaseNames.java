package io.capstan.helm.controller;

import io.capstan.api.helm.v2.HelmRelease;
import io.capstan.api.helm.v2.HelmReleaseSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The names Flux's helm-controller derives from a HelmRelease: the Helm release name, its
 * namespace, the storage namespace and the name of the HelmChart created from {@code spec.chart}.
 */
public final class ReleaseNames {

  /** Helm's longest release name; longer names are shortened as Flux does. */
  public static final int MAX_RELEASE_NAME = 53;

  private static final int SHORT_HASH = 12;

  private ReleaseNames() {}

  /**
   * {@code spec.releaseName}, else {@code <targetNamespace>-<name>} when a target namespace is set,
   * else {@code <name>}; shortened by {@link #shorten} (what Helm's storage is keyed by).
   */
  public static String releaseName(HelmRelease hr) {
    HelmReleaseSpec spec = hr.getSpec();
    String name;
    if (spec != null && notEmpty(spec.getReleaseName())) {
      name = spec.getReleaseName();
    } else if (spec != null && notEmpty(spec.getTargetNamespace())) {
      name = spec.getTargetNamespace() + "-" + hr.getMetadata().getName();
    } else {
      name = hr.getMetadata().getName();
    }
    return shorten(name);
  }

  /**
   * Flux's {@code ShortenName}: a name over 53 characters becomes its first 40 characters, a
   * hyphen, and the first 12 hex digits of its SHA-256.
   */
  public static String shorten(String name) {
    if (name.length() <= MAX_RELEASE_NAME) {
      return name;
    }
    String sum = HexFormat.of().formatHex(sha256(name.getBytes(StandardCharsets.UTF_8)));
    return name.substring(0, MAX_RELEASE_NAME - SHORT_HASH - 1)
        + "-"
        + sum.substring(0, SHORT_HASH);
  }

  /** {@code spec.targetNamespace}, else the HelmRelease's namespace. */
  public static String releaseNamespace(HelmRelease hr) {
    String target = hr.getSpec() == null ? null : hr.getSpec().getTargetNamespace();
    return notEmpty(target) ? target : hr.getMetadata().getNamespace();
  }

  /** {@code spec.storageNamespace}, else the HelmRelease's namespace. */
  public static String storageNamespace(HelmRelease hr) {
    String storage = hr.getSpec() == null ? null : hr.getSpec().getStorageNamespace();
    return notEmpty(storage) ? storage : hr.getMetadata().getNamespace();
  }

  /** The name of the HelmChart built from {@code spec.chart}: {@code <namespace>-<name>}. */
  public static String helmChartName(HelmRelease hr) {
    return hr.getMetadata().getNamespace() + "-" + hr.getMetadata().getName();
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  private static boolean notEmpty(String s) {
    return s != null && !s.isEmpty();
  }
}
