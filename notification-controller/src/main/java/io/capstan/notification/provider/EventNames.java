package io.capstan.notification.provider;

import io.capstan.notification.event.NotificationEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Flux's naming helpers shared by the incident and Git Providers ({@code util.go}). */
final class EventNames {

  private EventNames() {}

  /**
   * Flux's {@code formatNameAndDescription} name: {@code kind/name}, prefixed with the {@code
   * summary} metadata when present, lower case.
   */
  static String name(NotificationEvent event) {
    String name = event.involvedObject().kind() + "/" + event.involvedObject().name();
    String summary = event.metadata().get("summary");
    if (summary != null) {
      name = summary + "/" + name;
    }
    return name.toLowerCase(Locale.ROOT);
  }

  /** Flux's description: the reason split at case changes, space-joined, lower case. */
  static String description(NotificationEvent event) {
    return String.join(" ", CamelCase.split(JsonBodies.nullToEmpty(event.reason())))
        .toLowerCase(Locale.ROOT);
  }

  /**
   * Flux's default commit status id: {@code <kind>/<name>/<first segment of the Provider UID>},
   * lower case.
   */
  static String commitStatusId(String providerUid, NotificationEvent event) {
    return commitStatusId(null, providerUid, event);
  }

  /** {@code commitStatus} (the value of {@code spec.commitStatusExpr}) or else the default id. */
  static String commitStatusId(String commitStatus, String providerUid, NotificationEvent event) {
    if (commitStatus != null) {
      return commitStatus;
    }
    String uid = providerUid == null ? "" : providerUid.split("-")[0];
    return (event.involvedObject().kind() + "/" + event.involvedObject().name() + "/" + uid)
        .toLowerCase(Locale.ROOT);
  }

  /** Hex SHA-1 of {@code s} (Bitbucket keys are limited to 40 characters). */
  static String sha1(String s) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
