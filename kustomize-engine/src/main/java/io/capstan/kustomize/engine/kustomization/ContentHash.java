package io.capstan.kustomize.engine.kustomization;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.goencoding.GoJsonWriter;
import io.capstan.kustomize.engine.resource.Resource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kustomize's name-suffix hash: SHA-256 over a Go-JSON encoding of the kind, data (and binaryData
 * or type) of a ConfigMap or Secret, or of the whole object for other kinds; the first ten hex
 * digits with 0,1,3,a,e replaced by g,h,k,m,t. (Kustomize looks the name up under a key that never
 * exists, so the name hashes as "".)
 */
public final class ContentHash {
  private ContentHash() {}

  /** The hash suffix for a resource. */
  public static String of(Resource r) {
    JsonNode o = r.obj();
    String kind = Resource.text(o.get("kind"));
    String encoded;
    if (kind.equals("ConfigMap")) {
      Map<String, Object> m = new TreeMap<>();
      m.put("kind", "ConfigMap");
      m.put("name", "");
      m.put("data", valueOf(o.get("data")));
      if (o.get("binaryData") != null && o.get("binaryData").isObject()) {
        m.put("binaryData", o.get("binaryData"));
      }
      encoded = encode(m);
    } else if (kind.equals("Secret")) {
      Map<String, Object> m = new TreeMap<>();
      m.put("kind", "Secret");
      m.put("type", valueOf(o.get("type")));
      m.put("name", "");
      m.put("data", valueOf(o.get("data")));
      if (o.get("stringData") != null && o.get("stringData").isObject()) {
        m.put("stringData", o.get("stringData"));
      }
      encoded = encode(m);
    } else {
      encoded = encode(o);
    }
    return shorten(sha256Hex(encoded));
  }

  private static Object valueOf(JsonNode n) {
    if (n == null) {
      return "";
    }
    if (n.isValueNode()) {
      return n.asText();
    }
    return n;
  }

  static String shorten(String hex) {
    StringBuilder b = new StringBuilder();
    for (char c : hex.substring(0, 10).toCharArray()) {
      b.append(
          switch (c) {
            case '0' -> 'g';
            case '1' -> 'h';
            case '3' -> 'k';
            case 'a' -> 'm';
            case 'e' -> 't';
            default -> c;
          });
    }
    return b.toString();
  }

  static String sha256Hex(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      StringBuilder b = new StringBuilder();
      for (byte x : d) {
        b.append(String.format("%02x", x));
      }
      return b.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Encodes maps, Jackson nodes and strings the way Go's encoding/json does (go-encoding's writer;
   * objects are Go maps here: keys sorted, numbers as read).
   */
  static String encode(Object v) {
    return new GoJsonWriter(new StringBuilder()).treesAsMaps(true).value(v).out().toString();
  }
}
