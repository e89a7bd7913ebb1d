package io.capstan.kustomize.controller.decryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Files encrypted by the real sops CLI decrypt to their originals; failures say why, never what.
 */
class SopsDecryptorTest {

  static final String SECRET_YAML =
      """
      apiVersion: v1
      kind: Secret
      metadata:
          name: db
          labels:
              tier_unencrypted: backend
      type: Opaque
      stringData:
          password: s3cr3t-P4ss
          port: "5432"
          multi: |
              line one
              line two
          token_secret: tok-123
      data:
          cert: c2VjcmV0LWNlcnQ=
      numbers:
          int: 42
          negative: -7
          float: 2.5
          enabled: true
          disabled: false
          list:
              - alpha
              - 3
          empty: ""
          none: null
      """;

  static final String JSON =
      """
      {
      \t"user": "admin",
      \t"password": "p@ss:w0rd",
      \t"port": 5432,
      \t"ratio": 0.75,
      \t"debug": false,
      \t"hosts": [
      \t\t"a.example.com",
      \t\t"b.example.com"
      \t],
      \t"nested": {
      \t\t"key": "value"
      \t}
      }
      """;

  static final String DOTENV =
      """
      # database credentials
      DB_USER=admin
      DB_PASSWORD=pa=ss word!
      MULTI=first\\nsecond
      EMPTY=
      """;

  static final String INI =
      """
      [database]
      user     = admin
      password = s3cr3t

      [cache]
      url = redis://cache:6379
      """;

  @TempDir static Path dir;
  static SopsCli cli;

  @BeforeAll
  static void keys() throws Exception {
    cli = new SopsCli(dir);
  }

  @AfterAll
  static void stopAgent() {
    cli.close();
  }

  static Stream<Arguments> formats() {
    return Stream.of(
        Arguments.of("secret.yaml", SECRET_YAML),
        Arguments.of("settings.json", JSON),
        Arguments.of("app.env", DOTENV),
        Arguments.of("config.ini", INI));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  @DisplayName("a file encrypted by sops with an age key decrypts to the original")
  void decryptsEachFormatWithAge(String name, String original) throws Exception {
    Path plain = write(name, original);
    byte[] encrypted = cli.encryptAge(plain);
    SopsFormat format = SopsFormat.forPath(name);
    assertThat(format.hasMarker(encrypted)).isTrue();
    assertThat(new String(encrypted, StandardCharsets.UTF_8))
        .doesNotContain("s3cr3t", "p@ss", "pa=ss");

    byte[] decrypted = new SopsDecryptor(cli.ageKeys()).decrypt(encrypted, format);

    byte[] oracle = cli.decrypt(write("enc-" + name, encrypted));
    if (format == SopsFormat.YAML) {
      assertThat(SopsDecryptor.readYaml(decrypted)).isEqualTo(SopsDecryptor.readYaml(oracle));
      assertThat(SopsDecryptor.readYaml(decrypted))
          .isEqualTo(SopsDecryptor.readYaml(original.getBytes(StandardCharsets.UTF_8)));
    } else {
      assertThat(oracle).asString().isEqualTo(original); // the original is in sops's own layout
      assertThat(new String(decrypted, StandardCharsets.UTF_8)).isEqualTo(original);
    }
  }

  @Test
  @DisplayName("a key made by GnuPG (ed25519 + cv25519 subkey, as users make them) decrypts")
  void gnupgGeneratedKey() throws Exception {
    List<String> batch =
        List.of("gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase", "");
    List<String> gen = new java.util.ArrayList<>(batch);
    gen.addAll(
        List.of(
            "--quick-gen-key", "GnuPG Made <gnupg@example.com>", "default", "default", "never"));
    cli.run(gen, java.util.Map.of(), null);
    String listing =
        new String(
            cli.run(
                List.of("gpg", "--batch", "--with-colons", "--list-keys", "gnupg@example.com"),
                java.util.Map.of(),
                null),
            StandardCharsets.UTF_8);
    String fingerprint =
        listing.lines().filter(l -> l.startsWith("fpr:")).findFirst().orElseThrow().split(":")[9];
    List<String> export = new java.util.ArrayList<>(batch);
    export.addAll(List.of("--armor", "--export-secret-keys", fingerprint));
    byte[] armored = cli.run(export, java.util.Map.of(), null);
    assertThat(new String(armored, StandardCharsets.US_ASCII)).contains("PRIVATE KEY BLOCK");

    Path plain = write("gnupg.env", DOTENV);
    byte[] encrypted =
        cli.sops(List.of("encrypt", "--pgp", fingerprint, plain.toString()), java.util.Map.of());
    SopsKeys keys =
        new SopsKeys().importSecret(java.util.Map.of("gnupg.asc", armored), "ns/pgp-keys");
    assertThat(
            new String(
                new SopsDecryptor(keys).decrypt(encrypted, SopsFormat.DOTENV),
                StandardCharsets.UTF_8))
        .isEqualTo(DOTENV);
  }

  @Test
  @DisplayName("a binary file decrypts byte for byte")
  void decryptsBinary() throws Exception {
    byte[] original = new byte[4096];
    new SecureRandom().nextBytes(original);
    Path plain = dir.resolve("blob.bin");
    Files.write(plain, original);
    byte[] encrypted = cli.encryptAge(plain, "--input-type", "binary", "--output-type", "binary");
    assertThat(SopsFormat.forPath("blob.bin")).isEqualTo(SopsFormat.BINARY);
    assertThat(new SopsDecryptor(cli.ageKeys()).decrypt(encrypted, SopsFormat.BINARY))
        .isEqualTo(original);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  @DisplayName("a file encrypted by sops with an OpenPGP key decrypts with the armored secret key")
  void decryptsEachFormatWithPgp(String name, String original) throws Exception {
    byte[] encrypted = cli.encryptPgp(write("pgp-" + name, original));
    assertThat(new String(encrypted, StandardCharsets.UTF_8)).contains(cli.pgp.fingerprint());
    byte[] decrypted =
        new SopsDecryptor(cli.pgpKeys()).decrypt(encrypted, SopsFormat.forPath(name));
    if (SopsFormat.forPath(name) == SopsFormat.YAML) {
      assertThat(SopsDecryptor.readYaml(decrypted))
          .isEqualTo(SopsDecryptor.readYaml(original.getBytes(StandardCharsets.UTF_8)));
    } else {
      assertThat(new String(decrypted, StandardCharsets.UTF_8)).isEqualTo(original);
    }
  }

  static Stream<Arguments> rules() {
    return Stream.of(
        Arguments.of(
            "encrypted_regex",
            List.of("--encrypted-regex", "^(data|stringData)$"),
            "name: db",
            "password: ENC["),
        Arguments.of(
            "unencrypted_regex",
            List.of("--unencrypted-regex", "^(apiVersion|kind|metadata|type)$"),
            "kind: Secret",
            "int: ENC["),
        Arguments.of(
            "unencrypted_suffix (default)", List.of(), "tier_unencrypted: backend", "name: ENC["),
        Arguments.of(
            "encrypted_suffix",
            List.of("--encrypted-suffix", "_secret"),
            "password: s3cr3t-P4ss",
            "token_secret: ENC["),
        Arguments.of(
            "mac_only_encrypted",
            List.of("--config", "MAC_ONLY_CONFIG"),
            "cert: c2VjcmV0LWNlcnQ=",
            "password: ENC["));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  @DisplayName("encryption rules from the metadata decide which values are decrypted")
  void honoursRules(String rule, List<String> args, String clearInFile, String encryptedInFile)
      throws Exception {
    Path plain = write("rules.yaml", SECRET_YAML);
    String[] sopsArgs =
        args.stream()
            .map(a -> a.equals("MAC_ONLY_CONFIG") ? macOnlyConfig() : a)
            .toArray(String[]::new);
    String encrypted = new String(cli.encryptAge(plain, sopsArgs), StandardCharsets.UTF_8);
    if (rule.equals("mac_only_encrypted")) {
      assertThat(encrypted).contains("mac_only_encrypted: true");
    }
    assertThat(encrypted).contains(clearInFile).contains(encryptedInFile);
    byte[] decrypted =
        new SopsDecryptor(cli.ageKeys())
            .decrypt(encrypted.getBytes(StandardCharsets.UTF_8), SopsFormat.YAML);
    assertThat(SopsDecryptor.readYaml(decrypted))
        .isEqualTo(SopsDecryptor.readYaml(SECRET_YAML.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  @DisplayName("mac_only_encrypted: clear values may change, encrypted ones are still covered")
  void macOnlyEncryptedIgnoresClearValues() throws Exception {
    String encrypted =
        new String(
            cli.encryptAge(write("maconly.yaml", SECRET_YAML), "--config", macOnlyConfig()),
            StandardCharsets.UTF_8);
    String changed = encrypted.replace("name: db", "name: other");
    JsonNode doc =
        SopsDecryptor.readYaml(
                new SopsDecryptor(cli.ageKeys())
                    .decrypt(changed.getBytes(StandardCharsets.UTF_8), SopsFormat.YAML))
            .get(0);
    assertThat(doc.at("/metadata/name").asText()).isEqualTo("other");
    assertThat(doc.at("/stringData/password").asText()).isEqualTo("s3cr3t-P4ss");
  }

  @Test
  @DisplayName("wrong age key: SOPS's data key error naming the recipient, no secret")
  void wrongKey() throws Exception {
    byte[] encrypted = cli.encryptAge(write("wrong.yaml", SECRET_YAML));
    AgeIdentity other = AgeIdentity.generate();
    SopsKeys keys = new SopsKeys().importAge(other.secretKey());
    assertThatThrownBy(() -> new SopsDecryptor(keys).decrypt(encrypted, SopsFormat.YAML))
        .isInstanceOf(SopsDecryptionException.class)
        .hasMessageStartingWith("Error getting data key: 0 successful groups required, got 0")
        .hasMessageContaining("age recipient " + cli.age.recipient())
        .hasMessageContaining("no age identity matched")
        .message()
        .doesNotContain(other.secretKey(), "s3cr3t");
  }

  @Test
  @DisplayName("no key at all: the data key error lists every master key")
  void missingKey() throws Exception {
    byte[] encrypted = cli.encryptAge(write("missing.env", DOTENV));
    assertThatThrownBy(
            () -> new SopsDecryptor(new SopsKeys()).decrypt(encrypted, SopsFormat.DOTENV))
        .hasMessage(
            "Error getting data key: 0 successful groups required, got 0 (age recipient "
                + cli.age.recipient()
                + ": no matching key imported)");
  }

  @Test
  @DisplayName(
      "Shamir key groups (sops --config with key_groups, shamir_threshold 2): the parts of two"
          + " groups rebuild the data key; one group only -> SOPS's data key error")
  void shamirKeyGroups() throws Exception {
    AgeIdentity second = AgeIdentity.generate();
    AgeIdentity third = AgeIdentity.generate();
    Path config =
        write(
            "shamir.sops.yaml",
            "creation_rules:\n"
                + "  - shamir_threshold: 2\n"
                + "    key_groups:\n"
                + "      - age:\n          - "
                + cli.age.recipient()
                + "\n      - age:\n          - "
                + second.recipient()
                + "\n      - age:\n          - "
                + third.recipient()
                + "\n");
    byte[] encrypted =
        cli.sops(
            List.of(
                "--config",
                config.toString(),
                "encrypt",
                write("shamir.yaml", SECRET_YAML).toString()),
            java.util.Map.of());
    // the creation rule's groups: three groups, no top-level key list
    JsonNode sops = SopsDecryptor.readYaml(encrypted).get(0).get("sops");
    assertThat(sops.path("key_groups").size()).isEqualTo(3);
    assertThat(sops.path("shamir_threshold").asInt()).isEqualTo(2);
    assertThat(sops.has("age")).isFalse();
    List<JsonNode> original = SopsDecryptor.readYaml(SECRET_YAML.getBytes(StandardCharsets.UTF_8));

    // groups 0 and 1 (x = 1, 2), groups 0 and 2 (x = 1, 3), groups 1 and 2, all three
    for (List<AgeIdentity> identities :
        List.of(
            List.of(cli.age, second),
            List.of(cli.age, third),
            List.of(second, third),
            List.of(cli.age, second, third))) {
      SopsKeys keys = new SopsKeys();
      for (AgeIdentity identity : identities) {
        keys.importAge(identity.secretKey());
      }
      assertThat(
              SopsDecryptor.readYaml(new SopsDecryptor(keys).decrypt(encrypted, SopsFormat.YAML)))
          .as("%s", identities)
          .isEqualTo(original);
    }

    // one group is not enough
    SopsKeys one = new SopsKeys().importAge(second.secretKey());
    assertThatThrownBy(() -> new SopsDecryptor(one).decrypt(encrypted, SopsFormat.YAML))
        .isInstanceOf(SopsDecryptionException.class)
        .hasMessageStartingWith(
            "Error getting data key: 2 successful groups required, got 1 (group 0: FAILED (age"
                + " recipient "
                + cli.age.recipient())
        .hasMessageContaining("group 1: SUCCESS")
        .message()
        .doesNotContain(second.secretKey(), "s3cr3t");
  }

  static Stream<Arguments> commentRules() {
    return Stream.of(
        Arguments.of(
            "encrypted_comment_regex",
            "comment.env",
            "# sops:enc\nSECRET=s3cr3t\nPLAIN=visible\n",
            "SECRET=ENC[",
            "PLAIN=visible"),
        Arguments.of(
            "unencrypted_comment_regex",
            "comment-clear.env",
            "# hidden note\nA=s3cr3t\n# sops:clear\nB=visible\n",
            "A=ENC[",
            "B=visible"),
        Arguments.of(
            "encrypted_comment_regex",
            "comment.ini",
            // sops holds an INI comment after the key below it: it marks the next key
            "[db]\n; sops:enc\nuser     = visible\npassword = s3cr3t\n",
            "password = ENC[",
            "user     = visible"),
        Arguments.of(
            "unencrypted_comment_regex",
            "comment.json",
            "{\n\t\"password\": \"s3cr3t\"\n}\n",
            "\"password\": \"ENC[",
            "\"unencrypted_comment_regex\""));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("commentRules")
  @DisplayName(
      "comment rules (.sops.yaml encrypted_comment_regex / unencrypted_comment_regex): dotenv, INI"
          + " and JSON written by sops decrypt byte for byte as sops decrypt does")
  void honoursCommentRules(
      String rule, String name, String original, String encryptedPart, String clearPart)
      throws Exception {
    Path config =
        write(
            name + ".sops.yaml",
            "creation_rules:\n  - "
                + rule
                + ": \"sops:(enc|clear)\"\n    age: "
                + cli.age.recipient()
                + "\n");
    byte[] encrypted =
        cli.sops(
            List.of("--config", config.toString(), "encrypt", write(name, original).toString()),
            java.util.Map.of());
    String text = new String(encrypted, StandardCharsets.UTF_8);
    assertThat(text).contains(encryptedPart, clearPart).doesNotContain("s3cr3t", "hidden note");

    byte[] decrypted =
        new SopsDecryptor(cli.ageKeys()).decrypt(encrypted, SopsFormat.forPath(name));

    byte[] oracle = cli.decrypt(write("enc-" + name, encrypted));
    assertThat(new String(decrypted, StandardCharsets.UTF_8))
        .isEqualTo(new String(oracle, StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("comment rules in a YAML file: refused (comments are not read)")
  void commentRulesInYamlRefused() throws Exception {
    Path config =
        write(
            "yaml-comments.sops.yaml",
            "creation_rules:\n  - encrypted_comment_regex: \"sops:enc\"\n    age: "
                + cli.age.recipient()
                + "\n");
    byte[] encrypted =
        cli.sops(
            List.of(
                "--config",
                config.toString(),
                "encrypt",
                write("comments.yaml", "# sops:enc\npassword: s3cr3t\nuser: admin\n").toString()),
            java.util.Map.of());
    assertThatThrownBy(() -> new SopsDecryptor(cli.ageKeys()).decrypt(encrypted, SopsFormat.YAML))
        .isInstanceOf(SopsDecryptionException.class)
        .hasMessage(
            "YAML files using unencrypted_comment_regex or encrypted_comment_regex are not"
                + " supported (comments are not read)");
  }

  @Test
  @DisplayName("a changed clear value fails the MAC check")
  void tamperedClearValue() throws Exception {
    String encrypted =
        new String(
            cli.encryptAge(
                write("mac.yaml", SECRET_YAML), "--encrypted-regex", "^(data|stringData)$"),
            StandardCharsets.UTF_8);
    byte[] tampered = encrypted.replace("name: db", "name: dc").getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> new SopsDecryptor(cli.ageKeys()).decrypt(tampered, SopsFormat.YAML))
        .hasMessage("MAC mismatch: the file's values were changed after it was encrypted");
  }

  @Test
  @DisplayName("an encrypted value moved to another key fails authentication, naming the path")
  void movedEncryptedValue() throws Exception {
    String encrypted =
        new String(cli.encryptAge(write("moved.env", DOTENV)), StandardCharsets.UTF_8);
    String user = line(encrypted, "DB_USER=");
    String password = line(encrypted, "DB_PASSWORD=");
    String swapped =
        encrypted.replace(user, "DB_USER=" + password.substring("DB_PASSWORD=".length()));
    assertThatThrownBy(
            () ->
                new SopsDecryptor(cli.ageKeys())
                    .decrypt(swapped.getBytes(StandardCharsets.UTF_8), SopsFormat.DOTENV))
        .hasMessageContaining("could not decrypt value at 'DB_USER:'")
        .hasMessageContaining("authentication failed");
  }

  @Test
  @DisplayName("a flipped ciphertext byte fails authentication")
  void flippedCiphertext() throws Exception {
    String encrypted = new String(cli.encryptAge(write("flip.json", JSON)), StandardCharsets.UTF_8);
    int at = encrypted.indexOf("data:") + 5;
    char c = encrypted.charAt(at);
    String flipped =
        encrypted.substring(0, at) + (c == 'A' ? 'B' : 'A') + encrypted.substring(at + 1);
    assertThatThrownBy(
            () ->
                new SopsDecryptor(cli.ageKeys())
                    .decrypt(flipped.getBytes(StandardCharsets.UTF_8), SopsFormat.JSON))
        .hasMessageContaining("authentication failed");
  }

  @Test
  @DisplayName("cloud KMS master keys: a clear not-supported error")
  void kmsNotSupported() {
    String dotenv =
        "A=ENC[AES256_GCM,data:AA==,iv:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=,tag:AAAAAAAAAAAAAAAAAAAAAA==,type:str]\n"
            + "sops_kms__list_0__map_arn=arn:aws:kms:eu-west-1:111122223333:key/abc\n"
            + "sops_kms__list_0__map_enc=AQID\n"
            + "sops_lastmodified=2026-01-01T00:00:00Z\n"
            + "sops_mac=ENC[AES256_GCM,data:AA==,iv:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=,tag:AAAAAAAAAAAAAAAAAAAAAA==,type:str]\n"
            + "sops_version=3.13.3\n";
    assertThatThrownBy(
            () ->
                new SopsDecryptor(cli.ageKeys())
                    .decrypt(dotenv.getBytes(StandardCharsets.UTF_8), SopsFormat.DOTENV))
        .hasMessageContaining("AWS KMS key arn:aws:kms:eu-west-1:111122223333:key/abc")
        .hasMessageContaining("decryption with kms is not supported by Capstan yet");
  }

  @Test
  @DisplayName("age identities: malformed keys are refused clearly, without the key")
  void ageIdentityErrors() {
    String pq = Bech32.encode(AgeIdentity.PQ_SECRET_KEY_HRP, new byte[31]).toUpperCase(Locale.ROOT);
    assertThatThrownBy(() -> AgeIdentity.parse(pq))
        .hasMessage("malformed age secret key: invalid MLKEM768-X25519 secret key");
    String plugin = Bech32.encode("age-plugin-yubikey-", new byte[8]).toUpperCase(Locale.ROOT);
    assertThatThrownBy(() -> AgeIdentity.parse(plugin))
        .hasMessageContaining("unsupported age identity type 'AGE-PLUGIN-YUBIKEY-1...'");
    String key = cli.age.secretKey();
    String broken = key.substring(0, key.length() - 1) + (key.endsWith("Q") ? "P" : "Q");
    assertThatThrownBy(() -> AgeIdentity.parseAll(broken))
        .hasMessage("error at line 1: malformed age secret key: invalid checksum");
    assertThatThrownBy(() -> AgeIdentity.parseAll("# only a comment\n"))
        .hasMessage("no age secret keys found");
  }

  @Test
  @DisplayName("post-quantum age key from the real age-keygen -pq: same recipient derived in Java")
  void postQuantumKeyFromAgeKeygen() throws Exception {
    SopsCli.AgeKeygenKey key = cli.ageKeygenPq(dir.resolve("pq-encoding.agekey"));
    AgeIdentity parsed = AgeIdentity.parse(key.secretKey());
    assertThat(parsed.postQuantum()).isTrue();
    assertThat(parsed.secretKey()).isEqualTo(key.secretKey());
    // the recipient is ML-KEM-768's encapsulation key and the X25519 public key, both expanded
    // from the 32-byte seed: equal only if the SHAKE256 expansion matches age's
    assertThat(parsed.recipient()).isEqualTo(key.recipient()).startsWith("age1pq1");
    assertThat(AgeIdentity.parse(key.secretKey().toLowerCase(Locale.ROOT)).recipient())
        .isEqualTo(key.recipient());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  @DisplayName("a file encrypted by sops to an age-keygen -pq recipient decrypts to the original")
  void decryptsEachFormatWithPostQuantumAge(String name, String original) throws Exception {
    SopsCli.AgeKeygenKey key = cli.ageKeygenPq(dir.resolve("pq-" + name + ".agekey"));
    byte[] encrypted = cli.encryptAgeTo(key.recipient(), write("pq-" + name, original));
    assertThat(new String(encrypted, StandardCharsets.UTF_8))
        .contains(key.recipient())
        .doesNotContain("s3cr3t", "p@ss", "pa=ss");
    SopsFormat format = SopsFormat.forPath(name);
    SopsKeys keys = new SopsKeys().importAge(Files.readString(key.file()));

    byte[] decrypted = new SopsDecryptor(keys).decrypt(encrypted, format);

    byte[] oracle = cli.decryptWith(key.file(), write("pq-enc-" + name, encrypted));
    if (format == SopsFormat.YAML) {
      assertThat(SopsDecryptor.readYaml(decrypted)).isEqualTo(SopsDecryptor.readYaml(oracle));
    } else {
      assertThat(new String(decrypted, StandardCharsets.UTF_8))
          .isEqualTo(original)
          .isEqualTo(new String(oracle, StandardCharsets.UTF_8));
    }
  }

  @Test
  @DisplayName("a post-quantum identity generated in Java: sops encrypts to it, both decrypt")
  void javaGeneratedPostQuantumKey() throws Exception {
    AgeIdentity identity = AgeIdentity.generatePostQuantum();
    assertThat(identity.secretKey()).startsWith("AGE-SECRET-KEY-PQ-1");
    Path keyFile = Files.writeString(dir.resolve("java-pq.agekey"), identity.secretKey() + "\n");
    byte[] encrypted = cli.encryptAgeTo(identity.recipient(), write("java-pq.env", DOTENV));

    byte[] decrypted =
        new SopsDecryptor(new SopsKeys().importAge(identity.secretKey()))
            .decrypt(encrypted, SopsFormat.DOTENV);

    assertThat(new String(decrypted, StandardCharsets.UTF_8)).isEqualTo(DOTENV);
    assertThat(cli.decryptWith(keyFile, write("java-pq-enc.env", encrypted)))
        .asString()
        .isEqualTo(DOTENV);
  }

  @Test
  @DisplayName("wrong post-quantum or X25519 key for a post-quantum file: the same data key error")
  void wrongPostQuantumKey() throws Exception {
    SopsCli.AgeKeygenKey key = cli.ageKeygenPq(dir.resolve("pq-wrong.agekey"));
    byte[] encrypted = cli.encryptAgeTo(key.recipient(), write("pq-wrong.yaml", SECRET_YAML));
    for (AgeIdentity other : List.of(AgeIdentity.generatePostQuantum(), AgeIdentity.generate())) {
      SopsKeys keys = new SopsKeys().importAge(other.secretKey());
      assertThatThrownBy(() -> new SopsDecryptor(keys).decrypt(encrypted, SopsFormat.YAML))
          .isInstanceOf(SopsDecryptionException.class)
          .hasMessageStartingWith("Error getting data key: 0 successful groups required, got 0")
          .hasMessageContaining("age recipient " + key.recipient())
          .hasMessageContaining("no age identity matched any of the recipients [mlkem768x25519]")
          .message()
          .doesNotContain(other.secretKey(), key.secretKey(), "s3cr3t");
    }
  }

  @Test
  @DisplayName("malformed mlkem768x25519 stanzas are errors; another type or recipient is no match")
  void postQuantumStanzaChecks() throws Exception {
    AgeIdentity identity = AgeIdentity.generatePostQuantum();
    byte[] body = new byte[32];
    byte[] enc = new byte[1120];
    new SecureRandom().nextBytes(enc);
    String share = AgeIdentity.encodeUnpadded(enc);
    // a random encapsulation: ML-KEM's implicit rejection gives a pseudo-random secret, the AEAD
    // tag fails, the stanza is for someone else
    assertThat(identity.unwrap("mlkem768x25519", List.of(share), body)).isNull();
    assertThat(identity.unwrap("X25519", List.of(share), body)).isNull();
    assertThat(AgeIdentity.generate().unwrap("mlkem768x25519", List.of(share), body)).isNull();
    assertThatThrownBy(
            () ->
                identity.unwrap(
                    "mlkem768x25519", List.of(AgeIdentity.encodeUnpadded(new byte[1119])), body))
        .hasMessage("invalid age mlkem768x25519 stanza");
    assertThatThrownBy(() -> identity.unwrap("mlkem768x25519", List.of(share), new byte[31]))
        .hasMessage("invalid age mlkem768x25519 stanza");
    assertThatThrownBy(() -> identity.unwrap("mlkem768x25519", List.of(share, share), body))
        .hasMessage("invalid age mlkem768x25519 stanza: want one argument");
    // a low-order X25519 share (the all-zero point) makes the X25519 secret all zeros: refused
    java.util.Arrays.fill(enc, 1088, 1120, (byte) 0);
    assertThatThrownBy(
            () -> identity.unwrap("mlkem768x25519", List.of(AgeIdentity.encodeUnpadded(enc)), body))
        .hasMessage("invalid age mlkem768x25519 stanza: invalid share");
  }

  @Test
  @DisplayName("age key round trip: secret key and recipient encode as age-keygen does")
  void ageKeyEncoding() throws Exception {
    AgeIdentity parsed = AgeIdentity.parse(cli.age.secretKey());
    assertThat(parsed.recipient()).isEqualTo(cli.age.recipient()).startsWith("age1").hasSize(62);
    assertThat(cli.age.secretKey()).startsWith("AGE-SECRET-KEY-1").hasSize(74);
  }

  @Test
  @DisplayName("Secret import: Flux's key names, and Flux's message for a bad entry")
  void importsSecretEntries() throws Exception {
    SopsKeys keys =
        new SopsKeys()
            .importSecret(
                java.util.Map.of(
                    "identity.agekey", cli.age.secretKey().getBytes(StandardCharsets.US_ASCII),
                    "pgp.asc", cli.pgp.armoredSecretKey().getBytes(StandardCharsets.US_ASCII),
                    "sops.vault-token", "hvs.token\n".getBytes(StandardCharsets.US_ASCII),
                    "README", "ignored".getBytes(StandardCharsets.US_ASCII)),
                "flux-system/sops-keys");
    assertThat(keys.ageIdentities()).hasSize(1);
    assertThat(keys.pgp().fingerprints()).containsExactly(cli.pgp.fingerprint());
    assertThat(keys.vaultToken()).contains("hvs.token");
    assertThatThrownBy(
            () ->
                new SopsKeys()
                    .importSecret(
                        java.util.Map.of(
                            "bad.agekey", "not a key".getBytes(StandardCharsets.US_ASCII)),
                        "flux-system/sops-keys"))
        .hasMessageStartingWith(
            "failed to import 'bad.agekey' data from sops decryption Secret 'flux-system/sops-keys': error at line 1: malformed age secret key");
  }

  /** A .sops.yaml: mac_only_encrypted is a creation rule option only (no CLI flag). */
  static String macOnlyConfig() {
    try {
      return write(
              ".sops.yaml",
              "creation_rules:\n  - encrypted_regex: ^stringData$\n    mac_only_encrypted: true\n")
          .toString();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  static Path write(String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }

  private static String line(String text, String prefix) {
    return text.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
  }
}
