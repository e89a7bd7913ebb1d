package io.capstan.kustomize.controller.decryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.kustomize.engine.Kustomizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sources decrypted in the build's copy before kustomize runs; leftovers decrypted after. */
class BuildDecryptionTest {

  @TempDir static Path keysDir;
  static SopsCli cli;

  @BeforeAll
  static void keys() throws Exception {
    cli = new SopsCli(keysDir);
  }

  @AfterAll
  static void stopAgent() {
    cli.close();
  }

  @Test
  @DisplayName(
      "manifests and generator files (envs, files) are decrypted; kustomize sees cleartext")
  void decryptsWhatTheKustomizationUses(@TempDir Path root) throws Exception {
    Path app = Files.createDirectories(root.resolve("app"));
    Path base = Files.createDirectories(root.resolve("base"));
    write(base, "kustomization.yaml", "resources:\n  - secret.yaml\n");
    encryptTo(
        base,
        "secret.yaml",
        "apiVersion: v1\nkind: Secret\nmetadata:\n    name: db\nstringData:\n    password: base-pass\n",
        "--encrypted-regex",
        "^(data|stringData)$");
    encryptTo(app, "app.env", "API_KEY=env-secret\nMODE=prod\n");
    encryptTo(app, "settings.json", "{\n\t\"token\": \"json-secret\"\n}\n");
    encryptTo(root, "unused.env", "OTHER=not-for-this-build\n");
    write(
        app,
        "kustomization.yaml",
        """
        resources:
          - ../base
        secretGenerator:
          - name: app
            envs:
              - app.env
            files:
              - config.json=settings.json
        generatorOptions:
          disableNameSuffixHash: true
        """);
    byte[] unused = Files.readAllBytes(root.resolve("unused.env"));

    int n = BuildDecryption.decryptSources(root, app, new SopsDecryptor(cli.ageKeys()));

    assertThat(n).isEqualTo(3);
    assertThat(Files.readAllBytes(root.resolve("unused.env"))).isEqualTo(unused);
    List<JsonNode> built = new ArrayList<>(Kustomizer.create().build(app));
    built = BuildDecryption.decryptResources(built, new SopsDecryptor(cli.ageKeys()));
    JsonNode db = find(built, "db");
    assertThat(db.at("/stringData/password").asText()).isEqualTo("base-pass");
    assertThat(db.has("sops")).isFalse();
    JsonNode generated = find(built, "app");
    assertThat(decode(generated.at("/data/API_KEY"))).isEqualTo("env-secret");
    assertThat(decode(generated.at("/data/config.json")))
        .isEqualTo("{\n\t\"token\": \"json-secret\"\n}\n");
  }

  @Test
  @DisplayName("a built object still carrying sops metadata is decrypted; disabled ones are left")
  void decryptsBuiltObjects() throws Exception {
    Path plain =
        write(
            keysDir,
            "built.yaml",
            "apiVersion: v1\nkind: Secret\nmetadata:\n    name: late\nstringData:\n    k: v-secret\n");
    JsonNode encrypted =
        SopsDecryptor.readYaml(cli.encryptAge(plain, "--encrypted-regex", "^stringData$")).get(0);
    ObjectNode relabelled = encrypted.deepCopy();
    ((ObjectNode) relabelled.get("metadata")).put("namespace", "apps"); // as kustomize would
    ObjectNode disabled = encrypted.deepCopy();
    ((ObjectNode) disabled.get("metadata"))
        .putObject("annotations")
        .put("kustomize.toolkit.fluxcd.io/decrypt", "Disabled");

    List<JsonNode> out =
        BuildDecryption.decryptResources(
            List.of(relabelled, disabled), new SopsDecryptor(cli.ageKeys()));

    assertThat(out.get(0).at("/stringData/k").asText()).isEqualTo("v-secret");
    assertThat(out.get(0).at("/metadata/namespace").asText()).isEqualTo("apps");
    assertThat(out.get(1)).isEqualTo(disabled);
    assertThat(BuildDecryption.isEncryptedSecret(relabelled)).isTrue();
    assertThat(BuildDecryption.isEncryptedSecret(disabled)).isFalse();
    assertThatThrownBy(
            () ->
                BuildDecryption.decryptResources(
                    List.of(relabelled), new SopsDecryptor(new SopsKeys())))
        .hasMessageStartingWith(
            "decryption failed for 'Secret/apps/late': Error getting data key: 0 successful groups"
                + " required, got 0");
  }

  @Test
  @DisplayName("a tampered generator file fails with the file named relative to the root")
  void tamperedSource(@TempDir Path root) throws Exception {
    encryptTo(root, "app.env", "USER=admin\nPASSWORD=hunter2-secret\n");
    Path env = root.resolve("app.env");
    String text = Files.readString(env);
    // Swap the two encrypted values: each still decrypts under its own path? No: the path is the
    // additional data, so authentication fails before the MAC is even reached.
    Files.writeString(env, text.replace("sops_lastmodified=", "sops_lastmodified=1"));
    write(
        root, "kustomization.yaml", "secretGenerator:\n  - name: s\n    envs:\n      - app.env\n");
    assertThatThrownBy(
            () -> BuildDecryption.decryptSources(root, root, new SopsDecryptor(cli.ageKeys())))
        .hasMessageStartingWith(
            "error decrypting sources: failed to decrypt and format 'app.env' DOTENV data: ")
        .message()
        .doesNotContain("hunter2");
  }

  @Test
  @DisplayName("paths leaving the root are ignored, also through symlinks")
  void staysInsideRoot(@TempDir Path parent) throws Exception {
    Path root = Files.createDirectories(parent.resolve("root"));
    encryptTo(parent, "outside.env", "A=outside-secret\n");
    byte[] before = Files.readAllBytes(parent.resolve("outside.env"));
    Files.createSymbolicLink(root.resolve("link.env"), parent.resolve("outside.env"));
    write(
        root,
        "kustomization.yaml",
        "secretGenerator:\n  - name: s\n    envs:\n      - ../outside.env\n      - link.env\n");
    assertThat(BuildDecryption.decryptSources(root, root, new SopsDecryptor(cli.ageKeys())))
        .isZero();
    assertThat(Files.readAllBytes(parent.resolve("outside.env"))).isEqualTo(before);
  }

  @Test
  @DisplayName("decrypted YAML keeps strings strings through kustomize (yes, on, null, 0123, ...)")
  void writtenYamlKeepsTypes(@TempDir Path root) throws Exception {
    ObjectNode secret = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    secret.put("apiVersion", "v1").put("kind", "Secret");
    secret.putObject("metadata").put("name", "typed");
    ObjectNode data = secret.putObject("stringData");
    List<String> values =
        List.of(
            "true",
            "yes",
            "on",
            "off",
            "null",
            "~",
            "0123",
            "1e3",
            "0x1F",
            "12:30",
            "-",
            "a: b",
            "#x",
            "  lead",
            "trail ",
            "multi\nline\n",
            "",
            "\"q\"",
            "2026-01-01",
            "@x",
            "*x");
    for (int i = 0; i < values.size(); i++) {
      data.put("k" + i, values.get(i));
    }
    data.put("int", 5432).put("bool", true);
    Files.write(root.resolve("secret.yaml"), SopsDecryptor.writeYaml(List.of(secret)));
    write(root, "kustomization.yaml", "resources:\n  - secret.yaml\n");
    JsonNode built = Kustomizer.create().build(root).get(0);
    for (int i = 0; i < values.size(); i++) {
      assertThat(built.at("/stringData/k" + i).isTextual()).as(values.get(i)).isTrue();
      assertThat(built.at("/stringData/k" + i).asText()).isEqualTo(values.get(i));
    }
    assertThat(built.at("/stringData/int").isIntegralNumber()).isTrue();
    assertThat(built.at("/stringData/int").asInt()).isEqualTo(5432);
    assertThat(built.at("/stringData/bool").isBoolean()).isTrue();
  }

  @Test
  @DisplayName(
      "Secret data values that are SOPS files (generated, not decrypted before the build) are"
          + " decrypted after it, into the format the data key names (Flux's DecryptResource)")
  void decryptsSecretDataValues(@TempDir Path root) throws Exception {
    encryptTo(root, "settings.json", "{\n\t\"token\": \"json-secret\"\n}\n");
    encryptTo(root, "values.yaml", "db:\n    password: yaml-secret\n");
    encryptTo(root, "app.env", "API_KEY=env-secret\nMODE=prod\n");
    encryptTo(root, "blob.bin", "raw binary secret\n");
    write(
        root,
        "kustomization.yaml",
        """
        secretGenerator:
          - name: files
            namespace: apps
            files:
              - config.json=settings.json
              - values.yaml
              - app.env
              - blob=blob.bin
              - as-yaml.yaml=settings.json
              - env-as-json.json=app.env
              - plain.txt=kustomization.yaml
        generatorOptions:
          disableNameSuffixHash: true
        """);
    JsonNode built = Kustomizer.create().build(root).get(0);
    assertThat(decode(built.at("/data/config.json"))).contains("\"mac\": \"ENC[");

    JsonNode secret =
        BuildDecryption.decryptResources(List.of(built), new SopsDecryptor(cli.ageKeys())).get(0);

    // same format: byte for byte what `sops decrypt` writes
    assertThat(decode(secret.at("/data/config.json")))
        .isEqualTo(new String(cli.decrypt(root.resolve("settings.json")), StandardCharsets.UTF_8));
    assertThat(decode(secret.at("/data/app.env"))).isEqualTo("API_KEY=env-secret\nMODE=prod\n");
    assertThat(decode(secret.at("/data/blob"))).isEqualTo("raw binary secret\n");
    assertThat(
            SopsDecryptor.readYaml(
                    Base64.getDecoder().decode(secret.at("/data/values.yaml").asText()))
                .get(0)
                .at("/db/password")
                .asText())
        .isEqualTo("yaml-secret");
    // converted: JSON file under a .yaml key, dotenv file under a .json key
    assertThat(
            SopsDecryptor.readYaml(
                    decode(secret.at("/data/as-yaml.yaml")).getBytes(StandardCharsets.UTF_8))
                .get(0)
                .path("token")
                .asText())
        .isEqualTo("json-secret");
    assertThat(decode(secret.at("/data/env-as-json.json")))
        .isEqualTo("{\n\t\"API_KEY\": \"env-secret\",\n\t\"MODE\": \"prod\"\n}\n");
    // not SOPS: untouched
    assertThat(secret.at("/data/plain.txt")).isEqualTo(built.at("/data/plain.txt"));
    assertThat(secret.toString()).doesNotContain("ENC[");

    // no key opens a value: Flux's message, naming the field, no cleartext
    assertThatThrownBy(
            () ->
                BuildDecryption.decryptResources(List.of(built), new SopsDecryptor(cli.pgpKeys())))
        .isInstanceOf(SopsDecryptionException.class)
        .hasMessageStartingWith(
            "decryption failed for 'Secret/apps/files': failed to decrypt and format 'apps/files'"
                + " Secret field '")
        .hasMessageContaining("Error getting data key: 0 successful groups required");

    // annotated decrypt: disabled -> left encrypted
    ObjectNode disabled = built.deepCopy();
    ((ObjectNode) disabled.get("metadata"))
        .putObject("annotations")
        .put("kustomize.toolkit.fluxcd.io/decrypt", "disabled");
    assertThat(
            BuildDecryption.decryptResources(List.of(disabled), new SopsDecryptor(cli.pgpKeys()))
                .get(0))
        .isEqualTo(disabled);
  }

  private static void encryptTo(Path dir, String name, String plain, String... args)
      throws Exception {
    Path source = Files.createTempFile(keysDir, "plain", name);
    Files.writeString(source, plain);
    Path renamed = keysDir.resolve("src-" + System.nanoTime() + "-" + name);
    Files.move(source, renamed);
    Files.write(dir.resolve(name), cli.encryptAge(renamed, args));
    Files.delete(renamed);
  }

  private static Path write(Path dir, String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content);
  }

  private static JsonNode find(List<JsonNode> objects, String name) {
    return objects.stream()
        .filter(o -> o.at("/metadata/name").asText().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static String decode(JsonNode value) {
    return new String(Base64.getMimeDecoder().decode(value.asText()), StandardCharsets.UTF_8);
  }
}
