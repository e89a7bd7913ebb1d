package io.capstan.api.notification.v1;

/**
 * The API group and version of the notification kinds in this package (Flux's {@code
 * GroupVersion}).
 */
public final class GroupVersion {

  /** The API group, shared with {@code io.capstan.api.notification.v1beta3}. */
  public static final String GROUP = "notification.toolkit.fluxcd.io";

  /** The served and stored version of the kinds in this package. */
  public static final String VERSION = "v1";

  /** The {@code apiVersion} of objects in this package. */
  public static final String API_VERSION = GROUP + "/" + VERSION;

  private GroupVersion() {}
}
