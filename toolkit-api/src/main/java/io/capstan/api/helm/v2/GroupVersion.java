package io.capstan.api.helm.v2;

/**
 * The API group and version of the HelmRelease kind in this package (Flux's {@code GroupVersion}).
 */
public final class GroupVersion {

  /** The API group. */
  public static final String GROUP = "helm.toolkit.fluxcd.io";

  /** The served and stored version. */
  public static final String VERSION = "v2";

  /** The {@code apiVersion} of objects in this package. */
  public static final String API_VERSION = GROUP + "/" + VERSION;

  private GroupVersion() {}
}
