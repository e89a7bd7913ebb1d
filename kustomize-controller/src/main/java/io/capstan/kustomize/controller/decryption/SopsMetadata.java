package io.capstan.kustomize.controller.decryption;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code sops} metadata block of an encrypted document: which master keys hold the data key,
 * the encrypted MAC with its {@code lastmodified} time, and the rules that decide which values are
 * encrypted ({@code unencrypted_suffix}, {@code encrypted_suffix}, {@code unencrypted_regex},
 * {@code encrypted_regex}, {@code mac_only_encrypted}).
 */
record SopsMetadata(
    String lastModified,
    String mac,
    String version,
    String unencryptedSuffix,
    String encryptedSuffix,
    Pattern unencryptedRegex,
    Pattern encryptedRegex,
    Pattern unencryptedCommentRegex,
    Pattern encryptedCommentRegex,
    boolean macOnlyEncrypted,
    List<List<MasterKey>> keyGroups,
    int shamirThreshold) {

  /** One entry of a master key list: its kind ({@code age}, {@code pgp}, ...) and fields. */
  record MasterKey(String kind, JsonNode fields) {

    /** The public identification of the key (recipient, fingerprint, ARN, URL): safe to log. */
    String describe() {
      return switch (kind) {
        case "age" -> "age recipient " + fields.path("recipient").asText();
        case "pgp" -> "PGP key " + fields.path("fp").asText();
        case "hc_vault" ->
            "Vault transit key "
                + fields.path("vault_address").asText()
                + "/v1/"
                + fields.path("engine_path").asText()
                + "/keys/"
                + fields.path("key_name").asText();
        case "kms" -> "AWS KMS key " + fields.path("arn").asText();
        case "gcp_kms" -> "GCP KMS key " + fields.path("resource_id").asText();
        case "azure_kv" ->
            "Azure Key Vault key "
                + fields.path("vault_url").asText()
                + "/"
                + fields.path("name").asText();
        default -> kind + " key";
      };
    }
  }

  private static final List<String> KINDS =
      List.of("age", "pgp", "hc_vault", "kms", "gcp_kms", "azure_kv");

  /**
   * Reads a metadata block.
   *
   * @throws SopsDecryptionException when the MAC or {@code lastmodified} is missing or a regex does
   *     not compile
   */
  static SopsMetadata parse(JsonNode sops) throws SopsDecryptionException {
    if (sops == null || !sops.isObject()) {
      throw new SopsDecryptionException("sops metadata not found");
    }
    String mac = text(sops, "mac");
    String lastModified = text(sops, "lastmodified");
    if (mac == null || lastModified == null) {
      throw new SopsDecryptionException("sops metadata has no mac or lastmodified");
    }
    List<List<MasterKey>> groups = new ArrayList<>();
    JsonNode keyGroups = sops.path("key_groups");
    if (keyGroups.isArray() && !keyGroups.isEmpty()) {
      for (JsonNode group : keyGroups) {
        groups.add(keysOf(group));
      }
    } else {
      groups.add(keysOf(sops));
    }
    int threshold = sops.path("shamir_threshold").asInt(0);
    return new SopsMetadata(
        lastModified,
        mac,
        text(sops, "version"),
        text(sops, "unencrypted_suffix"),
        text(sops, "encrypted_suffix"),
        regex(sops, "unencrypted_regex"),
        regex(sops, "encrypted_regex"),
        regex(sops, "unencrypted_comment_regex"),
        regex(sops, "encrypted_comment_regex"),
        sops.path("mac_only_encrypted").asText("false").equalsIgnoreCase("true"),
        List.copyOf(groups),
        threshold);
  }

  /** Every master key, in group order. */
  List<MasterKey> masterKeys() {
    return keyGroups.stream().flatMap(List::stream).toList();
  }

  private static List<MasterKey> keysOf(JsonNode holder) {
    List<MasterKey> keys = new ArrayList<>();
    for (String kind : KINDS) {
      for (JsonNode entry : holder.path(kind)) {
        keys.add(new MasterKey(kind, entry));
      }
    }
    return List.copyOf(keys);
  }

  /**
   * Whether the value at {@code path} is encrypted, by SOPS's rules in SOPS's order (suffixes, then
   * regexes; a key anywhere on the path decides).
   */
  boolean encrypted(List<String> path) {
    boolean encrypted = true;
    if (notEmpty(unencryptedSuffix)) {
      for (String key : path) {
        if (key.endsWith(unencryptedSuffix)) {
          encrypted = false;
          break;
        }
      }
    }
    if (notEmpty(encryptedSuffix)) {
      encrypted = false;
      for (String key : path) {
        if (key.endsWith(encryptedSuffix)) {
          encrypted = true;
          break;
        }
      }
    }
    if (unencryptedRegex != null) {
      for (String key : path) {
        if (unencryptedRegex.matcher(key).find()) {
          encrypted = false;
          break;
        }
      }
    }
    if (encryptedRegex != null) {
      encrypted = false;
      for (String key : path) {
        if (encryptedRegex.matcher(key).find()) {
          encrypted = true;
          break;
        }
      }
    }
    return encrypted;
  }

  /**
   * SOPS's full rule ({@code shouldBeEncrypted}): the key rules of {@link #encrypted(List)}, then
   * the comment rules over {@code commentsStack}, the comment lines (as stored in the file) pending
   * at each nesting level above the value: any matching {@code unencrypted_comment_regex} leaves it
   * clear; with {@code encrypted_comment_regex} only a value under a matching comment is encrypted
   * (a comment never counts for itself). A tree without comments (JSON, binary, built objects) has
   * an empty stack: nothing is encrypted under {@code encrypted_comment_regex}.
   */
  boolean encrypted(List<String> path, List<List<String>> commentsStack, boolean isComment) {
    boolean encrypted = encrypted(path);
    if (unencryptedCommentRegex != null) {
      outer:
      for (List<String> level : commentsStack) {
        for (String c : level) {
          if (unencryptedCommentRegex.matcher(c).find()) {
            encrypted = false;
            break outer;
          }
        }
      }
    }
    if (encryptedCommentRegex != null) {
      encrypted = false;
      int last = commentsStack.size() - 1;
      outer:
      for (int i = 0; i < commentsStack.size(); i++) {
        List<String> level = commentsStack.get(i);
        for (int j = 0; j < level.size(); j++) {
          if (isComment && i == last && j == level.size() - 1) {
            continue;
          }
          if (encryptedCommentRegex.matcher(level.get(j)).find()) {
            encrypted = true;
            break outer;
          }
        }
      }
    }
    return encrypted;
  }

  /** Whether the file uses {@code unencrypted_comment_regex} or {@code encrypted_comment_regex}. */
  boolean commentRules() {
    return unencryptedCommentRegex != null || encryptedCommentRegex != null;
  }

  private static boolean notEmpty(String s) {
    return s != null && !s.isEmpty();
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static Pattern regex(JsonNode node, String field) throws SopsDecryptionException {
    String value = text(node, field);
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return Pattern.compile(value);
    } catch (PatternSyntaxException e) {
      throw new SopsDecryptionException("invalid " + field + " in sops metadata: " + value);
    }
  }
}
