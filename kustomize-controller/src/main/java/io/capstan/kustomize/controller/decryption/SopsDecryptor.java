package io.capstan.kustomize.controller.decryption;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decrypts SOPS documents with the keys of one Kustomization. Pure: no I/O except a Vault transit
 * call when the file names a Vault key and a token was given.
 *
 * <p>Guarantees: the MAC is verified for whole files ({@link #decrypt}); each encrypted value is
 * authenticated with its path; exceptions never carry plaintext.
 */
public final class SopsDecryptor {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML =
      new YAMLMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              // every string double-quoted: "1e3", "yes" or "0x1F" must stay strings for any
              // YAML 1.1 or 1.2 reader downstream
              .disable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
              .build());
  private static final DefaultPrettyPrinter TABS =
      new DefaultPrettyPrinter()
          .withObjectIndenter(new DefaultIndenter("\t", "\n"))
          .withArrayIndenter(new DefaultIndenter("\t", "\n"))
          .withSeparators(
              Separators.createDefaultInstance()
                  .withObjectFieldValueSpacing(Separators.Spacing.AFTER));

  private final SopsKeys keys;
  private final java.util.function.Consumer<String> decryptedValues;

  /** A decryptor using {@code keys}. */
  public SopsDecryptor(SopsKeys keys) {
    this(keys, value -> {});
  }

  /**
   * A decryptor using {@code keys} that hands every decrypted string value to {@code
   * decryptedValues} (for redaction from messages) before using it.
   */
  public SopsDecryptor(SopsKeys keys, java.util.function.Consumer<String> decryptedValues) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.decryptedValues = Objects.requireNonNull(decryptedValues, "decryptedValues");
  }

  private TreeDecryption tree(SopsMetadata metadata) throws SopsDecryptionException {
    return new TreeDecryption(metadata, DataKeys.dataKey(metadata, keys), decryptedValues);
  }

  /**
   * Decrypts a whole SOPS file, verifying its MAC, and writes it in the same format ({@code sops
   * decrypt}'s output: byte for byte for JSON, dotenv, INI and binary; YAML is written by Jackson,
   * comments dropped). A YAML stream's documents that carry no {@code sops} block pass through.
   *
   * @throws SopsDecryptionException when the file is not SOPS-encrypted, no key opens it, a value
   *     fails authentication or the MAC does not match
   */
  public byte[] decrypt(byte[] content, SopsFormat format) throws SopsDecryptionException {
    return switch (format) {
      case YAML -> writeYaml(decryptDocuments(readYaml(content), true));
      case JSON -> writeJson(decryptObject(readJson(content), true));
      case BINARY -> decryptBinary(readJson(content));
      case DOTENV -> decryptDotenv(new String(content, StandardCharsets.UTF_8));
      case INI -> decryptIni(new String(content, StandardCharsets.UTF_8));
    };
  }

  /**
   * Decrypts the documents of a YAML stream that carry a {@code sops} block; consecutive ones with
   * the same block are one SOPS file (one MAC), as {@code sops} writes multi-document files.
   * Documents annotated {@code kustomize.toolkit.fluxcd.io/decrypt: disabled} are left alone.
   */
  public List<JsonNode> decryptDocuments(List<JsonNode> documents, boolean verifyMac)
      throws SopsDecryptionException {
    List<JsonNode> out = new ArrayList<>();
    int i = 0;
    while (i < documents.size()) {
      JsonNode doc = documents.get(i);
      if (!isEncrypted(doc) || decryptionDisabled(doc)) {
        out.add(doc);
        i++;
        continue;
      }
      int end = i + 1;
      while (end < documents.size() && doc.get("sops").equals(documents.get(end).get("sops"))) {
        end++;
      }
      SopsMetadata metadata = SopsMetadata.parse(doc.get("sops"));
      if (metadata.commentRules()) {
        throw new SopsDecryptionException(
            "YAML files using unencrypted_comment_regex or encrypted_comment_regex are not"
                + " supported (comments are not read)");
      }
      TreeDecryption tree = tree(metadata);
      for (int j = i; j < end; j++) {
        out.add(tree.branch((ObjectNode) documents.get(j), List.of()));
      }
      if (verifyMac) {
        tree.verifyMac();
      }
      i = end;
    }
    return out;
  }

  /**
   * Decrypts one object (a built manifest) without its {@code sops} block. With {@code verifyMac}
   * false only each value's own authentication is checked: Flux skips the MAC for built objects
   * because kustomize changes their clear fields (namespace, labels, name prefix).
   */
  public ObjectNode decryptObject(JsonNode object, boolean verifyMac)
      throws SopsDecryptionException {
    if (!isEncrypted(object)) {
      throw new SopsDecryptionException("sops metadata not found");
    }
    SopsMetadata metadata = SopsMetadata.parse(object.get("sops"));
    TreeDecryption tree = tree(metadata);
    ObjectNode out = tree.branch((ObjectNode) object, List.of());
    if (verifyMac) {
      tree.verifyMac();
    }
    return out;
  }

  /**
   * The format Flux detects for a Secret data value from its SOPS marker bytes, or null when the
   * value carries none. JSON and binary share their marker; both load the same JSON tree, so JSON
   * is returned for them.
   */
  public static SopsFormat detectFormat(byte[] value) {
    for (SopsFormat format :
        List.of(SopsFormat.JSON, SopsFormat.YAML, SopsFormat.DOTENV, SopsFormat.INI)) {
      if (format.hasMarker(value)) {
        return format;
      }
    }
    return null;
  }

  /**
   * The format Flux writes a decrypted Secret data value in, from the data key's name: {@code
   * .dockerconfigjson} suffix is JSON, otherwise as {@code sops} picks from a file name.
   */
  public static SopsFormat formatForKey(String key) {
    if (key.endsWith(".dockerconfigjson")) {
      return SopsFormat.JSON;
    }
    return SopsFormat.forPath(key);
  }

  /**
   * Decrypts a SOPS file held in a Secret data value (Flux's {@code DecryptResource} for Secrets
   * whose data entries were generated from encrypted files): read in {@code in} (detected from the
   * marker), written in {@code out} (from the data key's name), the MAC verified.
   *
   * @throws SopsDecryptionException when decryption fails or the tree cannot be written in {@code
   *     out} (e.g. a nested tree as dotenv, a tree without {@code data} as binary)
   */
  public byte[] decryptAs(byte[] content, SopsFormat in, SopsFormat out)
      throws SopsDecryptionException {
    if (in == out || (in == SopsFormat.JSON && out == SopsFormat.BINARY)) {
      return decrypt(content, out);
    }
    List<JsonNode> documents;
    switch (in) {
      case JSON, BINARY -> documents = List.of(decryptObject(readJson(content), true));
      case YAML -> documents = decryptDocuments(readYaml(content), true);
      case DOTENV -> {
        ObjectNode tree = JSON.createObjectNode();
        for (FlatDocuments.Entry entry :
            FlatDocuments.parseDotenv(
                new String(decrypt(content, SopsFormat.DOTENV), StandardCharsets.UTF_8))) {
          if (!entry.comment()) {
            tree.put(entry.key(), entry.value());
          }
        }
        documents = List.of(tree);
      }
      default ->
          throw new SopsDecryptionException(
              "cannot convert an encrypted " + in + " file to " + out);
    }
    if (documents.isEmpty()) {
      throw new SopsDecryptionException("no documents to write");
    }
    JsonNode first = documents.get(0);
    switch (out) {
      case YAML:
        return writeYaml(documents);
      case JSON:
        return writeJson(first);
      case BINARY:
        if (!first.path("data").isValueNode()) {
          throw new SopsDecryptionException("no binary data found in tree");
        }
        return FlatDocuments.utf8(first.path("data").asText());
      case DOTENV:
        {
          List<FlatDocuments.Entry> entries = new ArrayList<>();
          var fields = first.fields();
          while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().isValueNode()) {
              throw new SopsDecryptionException("cannot use complex value in dotenv file");
            }
            entries.add(new FlatDocuments.Entry(field.getKey(), field.getValue().asText()));
          }
          return FlatDocuments.utf8(FlatDocuments.writeDotenv(entries));
        }
      default:
        throw new SopsDecryptionException("cannot convert an encrypted " + in + " file to " + out);
    }
  }

  /** Whether {@code object} has a top-level {@code sops} block with a MAC. */
  public static boolean isEncrypted(JsonNode object) {
    return object != null
        && object.isObject()
        && object.path("sops").isObject()
        && object.path("sops").has("mac");
  }

  /** Whether the object is annotated {@code kustomize.toolkit.fluxcd.io/decrypt: disabled}. */
  public static boolean decryptionDisabled(JsonNode object) {
    return object
        .path("metadata")
        .path("annotations")
        .path("kustomize.toolkit.fluxcd.io/decrypt")
        .asText("")
        .equalsIgnoreCase("disabled");
  }

  private byte[] decryptBinary(JsonNode envelope) throws SopsDecryptionException {
    if (!isEncrypted(envelope) || !envelope.path("data").isTextual()) {
      throw new SopsDecryptionException("not a SOPS binary file (no data and sops keys)");
    }
    SopsMetadata metadata = SopsMetadata.parse(envelope.get("sops"));
    TreeDecryption tree = tree(metadata);
    TreeDecryption.Leaf data = tree.leaf(envelope.get("data"), List.of("data"));
    tree.verifyMac();
    return data.raw();
  }

  private byte[] decryptDotenv(String text) throws SopsDecryptionException {
    List<FlatDocuments.Entry> entries = FlatDocuments.parseDotenv(text);
    Map<String, String> flat = new LinkedHashMap<>();
    List<FlatDocuments.Entry> data = new ArrayList<>();
    for (FlatDocuments.Entry entry : entries) {
      if (!entry.comment() && entry.key().startsWith("sops_")) {
        flat.put(entry.key().substring("sops_".length()), entry.value());
      } else {
        data.add(entry);
      }
    }
    TreeDecryption tree = treeFor(flat);
    List<FlatDocuments.Entry> out = new ArrayList<>();
    List<String> pending = new ArrayList<>(); // comment lines above the next value (sops' stack)
    for (FlatDocuments.Entry entry : data) {
      if (entry.comment()) {
        pending.add(entry.value());
        out.add(
            new FlatDocuments.Entry(
                null, tree.comment(entry.value(), List.of(), List.of(List.copyOf(pending)))));
      } else {
        String value =
            tree.leaf(
                    com.fasterxml.jackson.databind.node.TextNode.valueOf(entry.value()),
                    List.of(entry.key()),
                    List.of(List.copyOf(pending)))
                .node()
                .asText();
        pending.clear();
        out.add(new FlatDocuments.Entry(entry.key(), value));
      }
    }
    tree.verifyMac();
    return FlatDocuments.utf8(FlatDocuments.writeDotenv(out));
  }

  private byte[] decryptIni(String text) throws SopsDecryptionException {
    Map<String, List<FlatDocuments.Entry>> sections = FlatDocuments.parseIni(text);
    List<FlatDocuments.Entry> sopsSection = sections.remove("sops");
    Map<String, String> flat = new LinkedHashMap<>();
    if (sopsSection != null) {
      for (FlatDocuments.Entry entry : sopsSection) {
        if (!entry.comment()) {
          flat.put(entry.key(), entry.value());
        }
      }
    }
    TreeDecryption tree = treeFor(flat);
    Map<String, List<FlatDocuments.Entry>> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<FlatDocuments.Entry>> section : sections.entrySet()) {
      // sops' INI tree holds a key's comment lines (those above it in the file) after the key, so
      // its comment rules see them for the next key: walk in that order, write in file order.
      List<FlatDocuments.Entry> in = section.getValue();
      FlatDocuments.Entry[] clear = new FlatDocuments.Entry[in.size()];
      List<String> pending = new ArrayList<>();
      List<Integer> above = new ArrayList<>();
      for (int k = 0; k <= in.size(); k++) {
        FlatDocuments.Entry entry = k < in.size() ? in.get(k) : null;
        if (entry != null && entry.comment()) {
          above.add(k);
          continue;
        }
        if (entry != null) {
          String value =
              tree.leaf(
                      com.fasterxml.jackson.databind.node.TextNode.valueOf(entry.value()),
                      List.of(section.getKey(), entry.key()),
                      List.of(List.of(), List.copyOf(pending)))
                  .node()
                  .asText();
          pending.clear();
          clear[k] = new FlatDocuments.Entry(entry.key(), value);
        }
        for (int c : above) {
          pending.add(in.get(c).value());
          clear[c] =
              new FlatDocuments.Entry(
                  null,
                  tree.comment(
                      in.get(c).value(),
                      List.of(section.getKey()),
                      List.of(List.of(), List.copyOf(pending))));
        }
        above.clear();
      }
      List<FlatDocuments.Entry> entries = List.of(clear);
      out.put(section.getKey(), entries);
    }
    tree.verifyMac();
    return FlatDocuments.utf8(FlatDocuments.writeIni(out));
  }

  private TreeDecryption treeFor(Map<String, String> flatMetadata) throws SopsDecryptionException {
    if (!flatMetadata.containsKey("mac")) {
      throw new SopsDecryptionException("sops metadata not found");
    }
    SopsMetadata metadata = SopsMetadata.parse(FlatDocuments.unflatten(flatMetadata));
    return tree(metadata);
  }

  /** Parses a YAML stream into its documents (empty documents skipped). */
  public static List<JsonNode> readYaml(byte[] content) throws SopsDecryptionException {
    List<JsonNode> documents = new ArrayList<>();
    try (var parser = YAML.getFactory().createParser(content)) {
      var it = YAML.readValues(parser, JsonNode.class);
      while (it.hasNextValue()) {
        JsonNode doc = it.nextValue();
        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
          documents.add(doc);
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new SopsDecryptionException("invalid YAML: " + firstLine(e.getMessage()));
    }
    return documents;
  }

  /** Writes documents as a YAML stream separated by {@code ---}. */
  public static byte[] writeYaml(List<JsonNode> documents) throws SopsDecryptionException {
    StringBuilder out = new StringBuilder();
    try {
      for (int i = 0; i < documents.size(); i++) {
        if (i > 0) {
          out.append("---\n");
        }
        out.append(YAML.writeValueAsString(documents.get(i)));
      }
    } catch (JsonProcessingException e) {
      throw new SopsDecryptionException("cannot write YAML");
    }
    return FlatDocuments.utf8(out.toString());
  }

  private static JsonNode readJson(byte[] content) throws SopsDecryptionException {
    try {
      return JSON.readTree(content);
    } catch (IOException e) {
      throw new SopsDecryptionException("invalid JSON: " + firstLine(e.getMessage()));
    }
  }

  private static byte[] writeJson(JsonNode node) throws SopsDecryptionException {
    try {
      return FlatDocuments.utf8(JSON.writer(TABS).writeValueAsString(node) + "\n");
    } catch (JsonProcessingException e) {
      throw new SopsDecryptionException("cannot write JSON");
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
