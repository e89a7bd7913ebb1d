package io.capstan.kustomize.controller.decryption;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decryption around a kustomize build, the way Flux's kustomize-controller does it, on the build's
 * private copy of the artifact:
 *
 * <ol>
 *   <li>{@link #decryptSources}: before the build, every file the kustomization graph (from the
 *       build directory through local {@code resources}, {@code bases} and {@code components})
 *       names in {@code secretGenerator}/{@code configMapGenerator} ({@code envs}, {@code env},
 *       {@code files}) or as a YAML/JSON resource, that carries a SOPS marker, is decrypted in
 *       place with its MAC verified. Files outside {@code root} are never read.
 *   <li>{@link #decryptResources}: after the build, any object still holding a {@code sops} block
 *       is decrypted; as in Flux the MAC is not checked there (kustomize changes clear fields), but
 *       every encrypted value is authenticated.
 * </ol>
 */
public final class BuildDecryption {

  /** Largest file decrypted (Flux's limit). */
  public static final long MAX_FILE_SIZE = 5L << 20;

  private static final List<String> KUSTOMIZATION_FILES =
      List.of("kustomization.yaml", "kustomization.yml", "Kustomization");

  private final Path root;
  private final SopsDecryptor decryptor;
  private final Set<Path> visited = new HashSet<>();
  private int decryptedFiles;

  private BuildDecryption(Path root, SopsDecryptor decryptor) {
    this.root = root.toAbsolutePath().normalize();
    this.decryptor = decryptor;
  }

  /**
   * Decrypts in place the SOPS files the kustomization in {@code dir} uses.
   *
   * @return how many files were decrypted
   * @throws SopsDecryptionException "error decrypting sources: ..." naming the file relative to
   *     {@code root}
   */
  public static int decryptSources(Path root, Path dir, SopsDecryptor decryptor)
      throws SopsDecryptionException {
    BuildDecryption run = new BuildDecryption(root, decryptor);
    try {
      run.visitDirectory(dir.toAbsolutePath().normalize());
    } catch (IOException e) {
      throw new SopsDecryptionException("error decrypting sources: " + e.getMessage(), e);
    }
    return run.decryptedFiles;
  }

  /**
   * The built objects with every {@code sops}-carrying object decrypted (except those annotated
   * {@code kustomize.toolkit.fluxcd.io/decrypt: disabled}).
   *
   * @throws SopsDecryptionException "decryption failed for '&lt;Kind&gt;/&lt;name&gt;': ..."
   */
  public static List<JsonNode> decryptResources(List<JsonNode> objects, SopsDecryptor decryptor)
      throws SopsDecryptionException {
    List<JsonNode> out = new ArrayList<>(objects.size());
    for (JsonNode object : objects) {
      if (SopsDecryptor.decryptionDisabled(object)) {
        out.add(object);
        continue;
      }
      try {
        if (!SopsDecryptor.isEncrypted(object)) {
          out.add(
              "Secret".equals(object.path("kind").asText())
                  ? decryptSecretData(object, decryptor)
                  : object);
          continue;
        }
        out.add(decryptor.decryptObject(object, false));
      } catch (SopsDecryptionException e) {
        throw new SopsDecryptionException(
            "decryption failed for '" + describe(object) + "': " + e.getMessage(), e);
      }
    }
    return out;
  }

  /**
   * A Secret whose {@code data} values are SOPS-encrypted files (e.g. made by a secretGenerator
   * from a file that was not decrypted before the build) with those values decrypted, as Flux's
   * {@code DecryptResource}: each base64 value carrying a SOPS marker is decrypted from the format
   * the marker shows into the format the data key's name asks for; values that are not base64 or
   * carry no marker are left. {@code stringData} is left, as in Flux.
   *
   * @throws SopsDecryptionException "failed to decrypt and format 'ns/name' Secret field 'key':
   *     ..."
   */
  static JsonNode decryptSecretData(JsonNode secret, SopsDecryptor decryptor)
      throws SopsDecryptionException {
    JsonNode data = secret.path("data");
    if (!data.isObject()) {
      return secret;
    }
    ObjectNode decrypted = null;
    var fields = data.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (!field.getValue().isTextual()) {
        continue;
      }
      byte[] value;
      try {
        // Go's decoder skips CR and LF: kustomize wraps long values at 70 characters
        value = Base64.getDecoder().decode(field.getValue().asText().replaceAll("[\r\n]", ""));
      } catch (IllegalArgumentException e) {
        continue; // as Flux: left for the apply to report
      }
      SopsFormat in = SopsDecryptor.detectFormat(value);
      if (in == null) {
        continue;
      }
      byte[] plain;
      try {
        plain = decryptor.decryptAs(value, in, SopsDecryptor.formatForKey(field.getKey()));
      } catch (SopsDecryptionException e) {
        JsonNode metadata = secret.path("metadata");
        throw new SopsDecryptionException(
            "failed to decrypt and format '"
                + metadata.path("namespace").asText("")
                + "/"
                + metadata.path("name").asText()
                + "' Secret field '"
                + field.getKey()
                + "': "
                + e.getMessage(),
            e);
      }
      if (decrypted == null) {
        decrypted = ((ObjectNode) secret).deepCopy();
      }
      ((ObjectNode) decrypted.get("data"))
          .put(field.getKey(), Base64.getEncoder().encodeToString(plain));
    }
    return decrypted == null ? secret : decrypted;
  }

  /** Whether {@code object} is an encrypted Secret that decryption would have to handle. */
  public static boolean isEncryptedSecret(JsonNode object) {
    return "Secret".equals(object.path("kind").asText())
        && "v1".equals(object.path("apiVersion").asText())
        && SopsDecryptor.isEncrypted(object)
        && !SopsDecryptor.decryptionDisabled(object);
  }

  /** {@code Kind/namespace/name} (namespace omitted when empty), for messages. */
  public static String describe(JsonNode object) {
    JsonNode metadata = object.path("metadata");
    String namespace = metadata.path("namespace").asText("");
    return object.path("kind").asText()
        + "/"
        + (namespace.isEmpty() ? "" : namespace + "/")
        + metadata.path("name").asText();
  }

  private void visitDirectory(Path dir) throws IOException, SopsDecryptionException {
    if (!visited.add(dir) || !inside(dir) || !Files.isDirectory(dir)) {
      return;
    }
    Path file = null;
    for (String name : KUSTOMIZATION_FILES) {
      if (Files.isRegularFile(dir.resolve(name))) {
        file = dir.resolve(name);
        break;
      }
    }
    if (file == null) {
      return;
    }
    JsonNode kustomization;
    List<JsonNode> docs = SopsDecryptor.readYaml(Files.readAllBytes(file));
    if (docs.isEmpty() || !docs.get(0).isObject()) {
      return;
    }
    kustomization = docs.get(0);
    for (String field : List.of("resources", "bases", "components")) {
      for (JsonNode entry : kustomization.path(field)) {
        Path target = local(dir, entry.asText());
        if (target == null) {
          continue;
        }
        if (Files.isDirectory(target)) {
          visitDirectory(target);
        } else {
          decryptFile(target, null);
        }
      }
    }
    for (String generator : List.of("secretGenerator", "configMapGenerator")) {
      for (JsonNode gen : kustomization.path(generator)) {
        for (JsonNode env : gen.path("envs")) {
          decryptFile(local(dir, env.asText()), SopsFormat.DOTENV);
        }
        if (gen.path("env").isTextual()) {
          decryptFile(local(dir, gen.path("env").asText()), SopsFormat.DOTENV);
        }
        for (JsonNode source : gen.path("files")) {
          String text = source.asText();
          int eq = text.indexOf('=');
          decryptFile(local(dir, eq >= 0 ? text.substring(eq + 1) : text), null);
        }
      }
    }
  }

  /**
   * Decrypts one file when it carries a SOPS marker. {@code envDefault}: the format for a file
   * whose extension is not a SOPS format (an {@code envs} entry is dotenv).
   */
  private void decryptFile(Path file, SopsFormat envDefault)
      throws IOException, SopsDecryptionException {
    if (file == null || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || !inside(file)) {
      return;
    }
    if (Files.size(file) > MAX_FILE_SIZE) {
      return;
    }
    byte[] content = Files.readAllBytes(file);
    SopsFormat format = SopsFormat.forPath(file.getFileName().toString());
    if (format == SopsFormat.BINARY && envDefault != null && envDefault.hasMarker(content)) {
      format = envDefault;
    }
    if (!format.hasMarker(content)) {
      return;
    }
    String relative = root.relativize(file).toString();
    byte[] plain;
    try {
      if (format == SopsFormat.YAML) {
        List<JsonNode> docs = SopsDecryptor.readYaml(content);
        if (docs.stream().noneMatch(SopsDecryptor::isEncrypted)) {
          return;
        }
        plain = SopsDecryptor.writeYaml(decryptor.decryptDocuments(docs, true));
      } else {
        plain = decryptor.decrypt(content, format);
      }
    } catch (SopsDecryptionException e) {
      throw new SopsDecryptionException(
          "error decrypting sources: failed to decrypt and format '"
              + relative
              + "' "
              + format
              + " data: "
              + e.getMessage(),
          e);
    }
    Files.write(file, plain, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    decryptedFiles++;
  }

  private Path local(Path dir, String entry) throws IOException {
    if (entry == null || entry.isEmpty() || entry.contains("://") || entry.startsWith("git@")) {
      return null;
    }
    Path target = dir.resolve(entry).normalize();
    if (!target.startsWith(root) || !Files.exists(target)) {
      return null;
    }
    return inside(target) ? target : null;
  }

  /** Whether {@code path}, with symlinks resolved, stays inside the root. */
  private boolean inside(Path path) throws IOException {
    return path.toRealPath().startsWith(root.toRealPath());
  }
}
