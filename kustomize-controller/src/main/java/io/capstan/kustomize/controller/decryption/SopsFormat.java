package io.capstan.kustomize.controller.decryption;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The document formats SOPS encrypts, chosen from a file's extension as {@code sops} does. */
public enum SopsFormat {
  /** {@code .yaml}, {@code .yml}: a stream of YAML documents. */
  YAML("mac: ENC["),
  /** {@code .json}. */
  JSON("\"mac\": \"ENC["),
  /** {@code .env}: {@code KEY=value} lines. */
  DOTENV("sops_mac=ENC["),
  /** {@code .ini}: sections of {@code key = value}. */
  INI("[sops]"),
  /** Anything else: the bytes, stored as {@code {"data": ENC[...]}} in a JSON envelope. */
  BINARY("\"mac\": \"ENC[");

  private final byte[] marker;

  SopsFormat(String marker) {
    this.marker = marker.getBytes(StandardCharsets.US_ASCII);
  }

  /** The format {@code sops} picks for a file named {@code fileName}. */
  public static SopsFormat forPath(String fileName) {
    String name = fileName.toLowerCase(Locale.ROOT);
    if (name.endsWith(".yaml") || name.endsWith(".yml")) {
      return YAML;
    }
    if (name.endsWith(".json")) {
      return JSON;
    }
    if (name.endsWith(".env")) {
      return DOTENV;
    }
    if (name.endsWith(".ini")) {
      return INI;
    }
    return BINARY;
  }

  /**
   * Whether {@code content} carries this format's SOPS marker (the encrypted MAC), the cheap test
   * Flux uses before parsing.
   */
  public boolean hasMarker(byte[] content) {
    outer:
    for (int i = 0; i + marker.length <= content.length; i++) {
      for (int j = 0; j < marker.length; j++) {
        if (content[i + j] != marker[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
