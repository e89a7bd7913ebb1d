package io.capstan.kustomize.controller.decryption;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.crypto.digests.SHA512Digest;

/**
 * One pass over a SOPS tree in document order, as SOPS's {@code Tree.Decrypt} walks it: each leaf
 * the metadata's rules mark as encrypted is decrypted with its path ({@code a:b:}) as additional
 * data, list items sharing their parent's path; every non-comment value (only encrypted ones with
 * {@code mac_only_encrypted}) is fed to SHA-512, which {@link #verifyMac()} compares with the
 * file's encrypted MAC.
 */
final class TreeDecryption {

  /** A decrypted leaf: its typed JSON value and the exact plaintext bytes. */
  record Leaf(JsonNode node, byte[] raw) {}

  /** The comment stack of a tree without comments (JSON, binary, built objects). */
  static final List<List<String>> NO_COMMENTS = List.of(List.of());

  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX", Locale.ROOT);

  private final SopsMetadata metadata;
  private final byte[] dataKey;
  private final SHA512Digest hash = new SHA512Digest();
  private final java.util.function.Consumer<String> decryptedValues;

  /**
   * SOPS seeds the hash with these bytes under {@code mac_only_encrypted}, so such a MAC never
   * equals one over all values (sops.go {@code MACOnlyEncryptedInitialization}).
   */
  private static final byte[] MAC_ONLY_ENCRYPTED_SEED = {
    (byte) 0x8a,
    0x3f,
    (byte) 0xd2,
    (byte) 0xad,
    0x54,
    (byte) 0xce,
    0x66,
    0x52,
    0x7b,
    0x10,
    0x34,
    (byte) 0xf3,
    (byte) 0xd1,
    0x47,
    (byte) 0xbe,
    0x0b,
    0x0b,
    (byte) 0x97,
    0x5b,
    0x3b,
    (byte) 0xf4,
    0x4f,
    0x72,
    (byte) 0xc6,
    (byte) 0xfd,
    (byte) 0xad,
    (byte) 0xec,
    (byte) 0x81,
    0x76,
    (byte) 0xf2,
    0x7d,
    0x69
  };

  TreeDecryption(
      SopsMetadata metadata, byte[] dataKey, java.util.function.Consumer<String> decryptedValues)
      throws SopsDecryptionException {
    this.metadata = metadata;
    this.dataKey = dataKey;
    this.decryptedValues = decryptedValues;
    if (metadata.macOnlyEncrypted()) {
      hash.update(MAC_ONLY_ENCRYPTED_SEED, 0, MAC_ONLY_ENCRYPTED_SEED.length);
    }
  }

  /** Decrypts a mapping (a document's top level without its {@code sops} key, or a nested one). */
  ObjectNode branch(ObjectNode in, List<String> path) throws SopsDecryptionException {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    var fields = in.fields();
    while (fields.hasNext()) {
      var field = fields.next();
      if (path.isEmpty() && field.getKey().equals("sops")) {
        continue;
      }
      List<String> child = new ArrayList<>(path);
      child.add(field.getKey());
      out.set(field.getKey(), value(field.getValue(), child));
    }
    return out;
  }

  private JsonNode value(JsonNode in, List<String> path) throws SopsDecryptionException {
    if (in.isObject()) {
      return branch((ObjectNode) in, path);
    }
    if (in.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      for (JsonNode item : in) {
        out.add(value(item, path));
      }
      return out;
    }
    if (in.isNull() || in.isMissingNode()) {
      return in;
    }
    return leaf(in, path).node();
  }

  /** Decrypts (when the rules say so) and hashes one scalar. */
  Leaf leaf(JsonNode in, List<String> path) throws SopsDecryptionException {
    return leaf(in, path, NO_COMMENTS);
  }

  /**
   * Decrypts and hashes one scalar under the comment lines {@code commentsStack} (see {@link
   * SopsMetadata#encrypted(List, List, boolean)}).
   */
  Leaf leaf(JsonNode in, List<String> path, List<List<String>> commentsStack)
      throws SopsDecryptionException {
    boolean encrypted = metadata.encrypted(path, commentsStack, false);
    Leaf result;
    if (encrypted) {
      if (!in.isTextual()) {
        throw new SopsDecryptionException(
            "value at '" + pathString(path) + "' is not encrypted but the sops rules say it is");
      }
      result = decrypt(in.asText(), path);
    } else {
      result = new Leaf(in, goBytes(in));
    }
    if (!metadata.macOnlyEncrypted() || encrypted) {
      hash.update(result.raw(), 0, result.raw().length);
    }
    return result;
  }

  /** A comment's clear text (comments are not part of the MAC). */
  String comment(String text, List<String> path, List<List<String>> commentsStack)
      throws SopsDecryptionException {
    if (!SopsValue.isEncrypted(text) || !metadata.encrypted(path, commentsStack, true)) {
      return text;
    }
    SopsValue value = SopsValue.parse(text, pathString(path));
    return new String(
        value.decrypt(dataKey, pathString(path), pathString(path)), StandardCharsets.UTF_8);
  }

  private Leaf decrypt(String text, List<String> path) throws SopsDecryptionException {
    if (text.isEmpty()) {
      return new Leaf(TextNode.valueOf(""), new byte[0]); // SOPS leaves empty strings as they are
    }
    String where = pathString(path);
    SopsValue value = SopsValue.parse(text, where);
    byte[] plain = value.decrypt(dataKey, where, where);
    String s = new String(plain, StandardCharsets.UTF_8);
    if (!identifier(path)) {
      decryptedValues.accept(s);
    }
    try {
      return switch (value.type()) {
        case "str", "bytes" -> new Leaf(TextNode.valueOf(s), plain);
        case "int" -> {
          long n = Long.parseLong(s);
          yield new Leaf(LongNode.valueOf(n), ascii(Long.toString(n)));
        }
        case "float" -> {
          double d = Double.parseDouble(s);
          yield new Leaf(DoubleNode.valueOf(d), ascii(formatFloat(d)));
        }
        case "bool" -> {
          boolean b = parseGoBool(s);
          yield new Leaf(BooleanNode.valueOf(b), ascii(b ? "True" : "False"));
        }
        default ->
            throw new SopsDecryptionException(
                "value at '" + where + "' has unknown type '" + value.type() + "'");
      };
    } catch (NumberFormatException e) {
      throw new SopsDecryptionException(
          "value at '" + where + "' does not parse as its type " + value.type());
    }
  }

  /**
   * Decrypts the file's MAC (additional data: {@code lastmodified} as RFC 3339) and compares it
   * with the hash of the values seen.
   *
   * @throws SopsDecryptionException "MAC mismatch" when the file changed after encryption
   */
  void verifyMac() throws SopsDecryptionException {
    SopsValue mac = SopsValue.parse(metadata.mac(), "sops.mac");
    String stored =
        new String(
            mac.decrypt(dataKey, lastModified(metadata.lastModified()), "sops.mac"),
            StandardCharsets.UTF_8);
    byte[] digest = new byte[hash.getDigestSize()];
    hash.doFinal(digest, 0);
    String computed = HexFormat.of().withUpperCase().formatHex(digest);
    if (!computed.equals(stored)) {
      throw new SopsDecryptionException(
          "MAC mismatch: the file's values were changed after it was encrypted");
    }
  }

  /**
   * Whether the value names the object ({@code apiVersion}, {@code kind}, {@code metadata.name},
   * {@code metadata.namespace}): encrypted by sops's default rules, but redacting them would mask
   * every "Secret" or "v1" in messages.
   */
  private static boolean identifier(List<String> path) {
    return path.equals(List.of("apiVersion"))
        || path.equals(List.of("kind"))
        || path.equals(List.of("metadata", "name"))
        || path.equals(List.of("metadata", "namespace"));
  }

  static String pathString(List<String> path) {
    return String.join(":", path) + ":";
  }

  private static String lastModified(String text) throws SopsDecryptionException {
    try {
      return RFC3339.format(OffsetDateTime.parse(text));
    } catch (DateTimeParseException e) {
      throw new SopsDecryptionException("sops metadata has an invalid lastmodified time");
    }
  }

  /** The bytes SOPS hashes for an unencrypted value (Go's formatting of the decoded value). */
  static byte[] goBytes(JsonNode in) {
    if (in.isBoolean()) {
      return ascii(in.booleanValue() ? "True" : "False");
    }
    if (in.isIntegralNumber()) {
      return ascii(in.bigIntegerValue().toString());
    }
    if (in.isFloatingPointNumber()) {
      return ascii(formatFloat(in.doubleValue()));
    }
    if (in.isBinary()) {
      try {
        return in.binaryValue();
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return in.asText().getBytes(StandardCharsets.UTF_8);
  }

  /** Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}. */
  static String formatFloat(double d) {
    if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
  }

  private static boolean parseGoBool(String s) {
    return switch (s) {
      case "1", "t", "T", "TRUE", "true", "True" -> true;
      case "0", "f", "F", "FALSE", "false", "False" -> false;
      default -> throw new NumberFormatException();
    };
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
