package io.capstan.notification.receiver;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Flux's Receiver webhook path: {@code /hook/<hex sha256(token + name + namespace)>}. */
public final class WebhookPath {

  /** The prefix of every Receiver path. */
  public static final String PREFIX = "/hook/";

  private WebhookPath() {}

  /** The path of the Receiver {@code namespace/name} with {@code token}. */
  public static String of(String token, String name, String namespace) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((token + name + namespace).getBytes(StandardCharsets.UTF_8));
      return PREFIX + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
