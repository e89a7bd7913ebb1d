package io.capstan.api.source.v1;

/**
 * The API group and version of the source kinds in this package ({@code
 * source.toolkit.fluxcd.io/v1}, Flux's {@code GroupVersion}).
 */
public final class GroupVersion {

  /** API group of every source kind. */
  public static final String GROUP = "source.toolkit.fluxcd.io";

  /** The only served (and storage) version of the source kinds. */
  public static final String VERSION = "v1";

  /** The {@code apiVersion} value objects of these kinds carry. */
  public static final String API_VERSION = GROUP + "/" + VERSION;

  /** Category shared by every source kind ({@code kubectl get fluxcd-sources}). */
  public static final String CATEGORY = "fluxcd-sources";

  private GroupVersion() {}
}
