package io.capstan.kustomize.engine.kustomization;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.kustomize.engine.resource.Resource;
import io.capstan.kustomize.engine.yaml.GoNumbers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
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

  /** Encodes maps, Jackson nodes and strings the way Go's encoding/json does. */
  static String encode(Object v) {
    StringBuilder b = new StringBuilder();
    write(b, v);
    return b.toString();
  }

  private static void write(StringBuilder b, Object v) {
    if (v instanceof Map<?, ?> m) {
      TreeMap<String, Object> sorted = new TreeMap<>();
      m.forEach((k, x) -> sorted.put(k.toString(), x));
      writeObject(b, sorted);
    } else if (v instanceof JsonNode n) {
      if (n.isObject()) {
        TreeMap<String, Object> sorted = new TreeMap<>();
        n.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
        writeObject(b, sorted);
      } else if (n.isArray()) {
        List<Object> items = new ArrayList<>();
        n.forEach(items::add);
        b.append('[');
        for (int i = 0; i < items.size(); i++) {
          if (i > 0) {
            b.append(',');
          }
          write(b, items.get(i));
        }
        b.append(']');
      } else if (n.isNull() || n.isMissingNode()) {
        b.append("null");
      } else if (n.isBoolean()) {
        b.append(n.booleanValue());
      } else if (n.isNumber()) {
        b.append(GoNumbers.format(n));
      } else {
        string(b, n.asText());
      }
    } else if (v == null) {
      b.append("null");
    } else {
      string(b, v.toString());
    }
  }

  private static void writeObject(StringBuilder b, TreeMap<String, Object> m) {
    b.append('{');
    boolean first = true;
    for (Map.Entry<String, Object> e : m.entrySet()) {
      if (!first) {
        b.append(',');
      }
      first = false;
      string(b, e.getKey());
      b.append(':');
      write(b, e.getValue());
    }
    b.append('}');
  }

  private static void string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '<', '>', '&', '\u2028', '\u2029' -> b.append(String.format("\\u%04x", (int) c));
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
