package io.capstan.api.source.v1;

/**
 * The API group and version Flux serves the source kinds at ({@code source.toolkit.fluxcd.io/v1}).
 */
public final class SourceGroupVersion {

  /** API group of every source kind. */
  public static final String GROUP = "source.toolkit.fluxcd.io";

  /** The only served (and storage) version of the source kinds. */
  public static final String VERSION = "v1";

  /** The {@code apiVersion} value objects of these kinds carry. */
  public static final String API_VERSION = GROUP + "/" + VERSION;

  /** Category shared by every source kind ({@code kubectl get fluxcd-sources}). */
  public static final String CATEGORY = "fluxcd-sources";

  private SourceGroupVersion() {}
}
