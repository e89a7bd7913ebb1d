package io.capstan.source.bucket;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The object keys of a bucket with their ETags, and the Bucket revision computed from them as Flux
 * does (its {@code index.Digester}, RFC-0005): SHA-256 over {@code "<key> <etag>\n"} for every key
 * in byte order, written {@code sha256:<hex>}. ETags are kept without surrounding quotes, as the
 * minio client Flux uses reports them. Safe for concurrent use.
 */
public final class EtagIndex {

  /** Go's {@code sort.Strings} order: by UTF-8 bytes, which is the order of code points. */
  static final Comparator<String> BYTE_ORDER =
      (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
          int ca = a.codePointAt(i);
          int cb = b.codePointAt(j);
          if (ca != cb) {
            return Integer.compare(ca, cb);
          }
          i += Character.charCount(ca);
          j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
      };

  private final TreeMap<String, String> etags = new TreeMap<>(BYTE_ORDER);

  /** Adds or replaces a key; quotes around {@code etag} are removed. */
  public synchronized void add(String key, String etag) {
    etags.put(key, unquote(etag));
  }

  /** Removes a key (an object that disappeared while downloading). */
  public synchronized void remove(String key) {
    etags.remove(key);
  }

  /** The ETag of {@code key}, or null. */
  public synchronized String get(String key) {
    return etags.get(key);
  }

  /** A sorted snapshot of the index. */
  public synchronized Map<String, String> snapshot() {
    return new TreeMap<>(etags);
  }

  /** The number of keys. */
  public synchronized int size() {
    return etags.size();
  }

  /** The revision: {@code sha256:<hex>} of the sorted {@code "key etag\n"} lines. */
  public synchronized String revision() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Map.Entry<String, String> e : etags.entrySet()) {
        sha.update((e.getKey() + " " + e.getValue() + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return "sha256:" + HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String unquote(String etag) {
    if (etag == null) {
      return "";
    }
    if (etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")) {
      return etag.substring(1, etag.length() - 1);
    }
    return etag;
  }
}
