package io.capstan.kustomize.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.capstan.kustomize.controller.decryption.AgeIdentity;
import io.capstan.kustomize.controller.decryption.SopsCli;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.artifact.ArtifactHost;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * spec.decryption against a real API server: files encrypted by the real sops CLI are decrypted in
 * the build and applied; failures apply nothing and leak no plaintext into status, events or logs.
 */
@WithKubernetes
class KustomizationDecryptionTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(40);
  private static final String PASSWORD = "pa55-Wörd-4f9c1e";
  private static final String API_KEY = "api-key-7d3b2a90";

  @TempDir static Path work;
  static SopsCli sops;

  private ArtifactHost host;
  private RunningKustomizeController controller;
  private ListAppender<ILoggingEvent> logs;

  @BeforeAll
  static void keys() throws Exception {
    sops = new SopsCli(work);
  }

  @AfterAll
  static void stopAgent() {
    sops.close();
  }

  @BeforeEach
  void captureLogs() throws Exception {
    host = new ArtifactHost();
    logs = new ListAppender<>();
    logs.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
  }

  @AfterEach
  void stop() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    if (controller != null) {
      controller.close();
    }
    host.close();
  }

  @Test
  @DisplayName("an age-encrypted Secret and a secretGenerator env file are applied in cleartext")
  void appliesDecrypted(KubeControlPlane plane, KubeNamespace ns, KubernetesClient client)
      throws Exception {
    start(plane, ns, UnaryOperator.identity());
    SourceFixture source = new SourceFixture(client, ns.name());
    keySecret(client, "sops-keys", sops.age);
    source.createGitRepository("repo", host.publish("/a.tar.gz", tree(false)), "main@sha1:1");
    source.createAppKustomization(
        "  decryption:\n    provider: sops\n    secretRef:\n      name: sops-keys\n");

    source.awaitCondition(
        "app", "Ready", "True/ReconciliationSucceeded: Applied revision: main@sha1:1", TIMEOUT);
    Secret db = client.secrets().withName("db").get();
    assertThat(decode(db.getData().get("password"))).isEqualTo(PASSWORD);
    assertThat(db.getMetadata().getLabels()).containsEntry("app", "db");
    Secret env = client.secrets().withName("app-env").get();
    assertThat(decode(env.getData().get("API_KEY"))).isEqualTo(API_KEY);
    assertThat(decode(env.getData().get("MODE"))).isEqualTo("production");
    assertThat(source.inventoryIds("app")).hasSize(2);
  }

  @Test
  @DisplayName(
      "the controller-wide --sops-age-secret decrypts when spec.decryption has no secretRef")
  void controllerWideAgeSecret(KubeControlPlane plane, KubeNamespace ns, KubernetesClient client)
      throws Exception {
    start(plane, ns, b -> b.sopsAgeSecret(ns.name() + "/global-age"));
    SourceFixture source = new SourceFixture(client, ns.name());
    keySecret(client, "global-age", sops.age);
    source.createGitRepository("repo", host.publish("/a.tar.gz", tree(false)), "main@sha1:1");
    source.createAppKustomization("  decryption:\n    provider: sops\n");

    source.awaitCondition(
        "app", "Ready", "True/ReconciliationSucceeded: Applied revision: main@sha1:1", TIMEOUT);
    assertThat(decode(client.secrets().withName("db").get().getData().get("password")))
        .isEqualTo(PASSWORD);
  }

  @Test
  @DisplayName(
      "wrong key: Ready=False BuildFailed naming the recipient, nothing applied, no plaintext")
  void wrongKey(KubeControlPlane plane, KubeNamespace ns, KubernetesClient client)
      throws Exception {
    start(plane, ns, UnaryOperator.identity());
    SourceFixture source = new SourceFixture(client, ns.name());
    keySecret(client, "sops-keys", AgeIdentity.generate());
    source.createGitRepository("repo", host.publish("/a.tar.gz", tree(false)), "main@sha1:1");
    source.createAppKustomization(
        "  decryption:\n    provider: sops\n    secretRef:\n      name: sops-keys\n");

    source.awaitConditionStartingWith(
        "app",
        "Ready",
        "False/BuildFailed: error decrypting sources: failed to decrypt and format 'secret.yaml'"
            + " YAML data: Error getting data key: 0 successful groups required, got 0 (age"
            + " recipient "
            + sops.age.recipient(),
        TIMEOUT);
    assertNothingAppliedAndNoPlaintext(client, source);
  }

  @Test
  @DisplayName("post-quantum age key (age-keygen -pq): the sops-encrypted Secret is applied")
  void postQuantumKey(KubeControlPlane plane, KubeNamespace ns, KubernetesClient client)
      throws Exception {
    SopsCli.AgeKeygenKey key = sops.ageKeygenPq(Files.createTempDirectory(work, "pq").resolve("k"));
    start(plane, ns, UnaryOperator.identity());
    SourceFixture source = new SourceFixture(client, ns.name());
    keySecret(client, "sops-keys", key.secretKey());
    source.createGitRepository(
        "repo", host.publish("/a.tar.gz", tree(key.recipient(), false)), "main@sha1:1");
    source.createAppKustomization(
        "  decryption:\n    provider: sops\n    secretRef:\n      name: sops-keys\n");

    source.awaitCondition(
        "app", "Ready", "True/ReconciliationSucceeded: Applied revision: main@sha1:1", TIMEOUT);
    Secret db = client.secrets().withName("db").get();
    assertThat(decode(db.getData().get("password"))).isEqualTo(PASSWORD);
    assertThat(decode(client.secrets().withName("app-env").get().getData().get("API_KEY")))
        .isEqualTo(API_KEY);
  }

  @Test
  @DisplayName("wrong post-quantum key: the same BuildFailed reason as a wrong X25519 key")
  void wrongPostQuantumKey(KubeControlPlane plane, KubeNamespace ns, KubernetesClient client)
      throws Exception {
    SopsCli.AgeKeygenKey key = sops.ageKeygenPq(Files.createTempDirectory(work, "pq").resolve("k"));
    start(plane, ns, UnaryOperator.identity());
    SourceFixture source = new SourceFixture(client, ns.name());
    keySecret(client, "sops-keys", AgeIdentity.generatePostQuantum());
    source.createGitRepository(
        "repo", host.publish("/a.tar.gz", tree(key.recipient(), false)), "main@sha1:1");
    source.createAppKustomization(
        "  decryption:\n    provider: sops\n    secretRef:\n      name: sops-keys\n");

    source.awaitConditionStartingWith(
        "app",
        "Ready",
        "False/BuildFailed: error decrypting sources: failed to decrypt and format 'secret.yaml'"
            + " YAML data: Error getting data key: 0 successful groups required, got 0 (age"
            + " recipient "
            + key.recipient(),
        TIMEOUT);
    assertNothingAppliedAndNoPlaintext(client, source); // also: no AGE-SECRET-KEY-PQ-1 anywhere
  }

  @Test
  @DisplayName("a clear value changed after encryption: MAC mismatch, nothing applied")
  void tamperedValue(KubeControlPlane plane, KubeNamespace ns, KubernetesClient client)
      throws Exception {
    start(plane, ns, UnaryOperator.identity());
    SourceFixture source = new SourceFixture(client, ns.name());
    keySecret(client, "sops-keys", sops.age);
    source.createGitRepository("repo", host.publish("/a.tar.gz", tree(true)), "main@sha1:1");
    source.createAppKustomization(
        "  decryption:\n    provider: sops\n    secretRef:\n      name: sops-keys\n");

    source.awaitCondition(
        "app",
        "Ready",
        "False/BuildFailed: error decrypting sources: failed to decrypt and format 'secret.yaml'"
            + " YAML data: MAC mismatch: the file's values were changed after it was encrypted",
        TIMEOUT);
    assertNothingAppliedAndNoPlaintext(client, source);
  }

  @Test
  @DisplayName("an encrypted Secret without spec.decryption is refused as Flux does")
  void encryptedWithoutDecryption(KubeControlPlane plane, KubeNamespace ns, KubernetesClient client)
      throws Exception {
    start(plane, ns, UnaryOperator.identity());
    SourceFixture source = new SourceFixture(client, ns.name());
    Map<String, String> files = new LinkedHashMap<>(tree(false));
    files.put("kustomization.yaml", "resources:\n  - secret.yaml\n");
    source.createGitRepository("repo", host.publish("/a.tar.gz", files), "main@sha1:1");
    source.createAppKustomization("");

    source.awaitCondition(
        "app",
        "Ready",
        "False/ReconciliationFailed: Secret/"
            + ns.name()
            + "/db is SOPS encrypted, configuring decryption is required for this secret to be"
            + " reconciled",
        TIMEOUT);
    assertThat(client.secrets().withName("db").get()).isNull();
  }

  private void start(
      KubeControlPlane plane,
      KubeNamespace ns,
      UnaryOperator<KustomizeControllerOptions.Builder> opts) {
    controller = RunningKustomizeController.start(plane, ns.name(), opts);
  }

  private void assertNothingAppliedAndNoPlaintext(KubernetesClient client, SourceFixture source) {
    assertThat(client.secrets().withName("db").get()).isNull();
    assertThat(client.secrets().withName("app-env").get()).isNull();
    assertThat(source.kustomization("app").getStatus().getLastAppliedRevision()).isNull();
    await()
        .atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(client.v1().events().list().getItems()).isNotEmpty());
    String status =
        client.getKubernetesSerialization().asJson(source.kustomization("app").getStatus());
    String events = client.getKubernetesSerialization().asJson(client.v1().events().list());
    StringBuilder log = new StringBuilder();
    for (ILoggingEvent event : logs.list) {
      log.append(event.getFormattedMessage()).append('\n');
      if (event.getThrowableProxy() != null) {
        log.append(event.getThrowableProxy().getMessage()).append('\n');
      }
    }
    for (String captured : new String[] {status, events, log.toString()}) {
      assertThat(captured)
          .doesNotContain(
              PASSWORD,
              API_KEY,
              b64(PASSWORD),
              b64(API_KEY),
              "AGE-SECRET-KEY-1",
              "AGE-SECRET-KEY-PQ-1");
    }
  }

  /**
   * The artifact: kustomization.yaml with an encrypted Secret manifest (data/stringData encrypted,
   * metadata clear) and a secretGenerator over an encrypted dotenv file.
   */
  private static Map<String, String> tree(boolean tamperClearValue) throws Exception {
    return tree(sops.age.recipient(), tamperClearValue);
  }

  private static Map<String, String> tree(String recipient, boolean tamperClearValue)
      throws Exception {
    String secret =
        encrypt(
            recipient,
            "secret.yaml",
            """
            apiVersion: v1
            kind: Secret
            metadata:
                name: db
                labels:
                    app: db
            stringData:
                password: %s
            """
                .formatted(PASSWORD),
            "--encrypted-regex",
            "^(data|stringData)$");
    if (tamperClearValue) {
      secret = secret.replace("app: db", "app: other");
    }
    Map<String, String> files = new LinkedHashMap<>();
    files.put(
        "kustomization.yaml",
        """
        resources:
          - secret.yaml
        secretGenerator:
          - name: app-env
            envs:
              - app.env
        generatorOptions:
          disableNameSuffixHash: true
        """);
    files.put("secret.yaml", secret);
    files.put(
        "app.env", encrypt(recipient, "app.env", "API_KEY=" + API_KEY + "\nMODE=production\n"));
    return files;
  }

  private static String encrypt(String recipient, String name, String plain, String... args)
      throws Exception {
    Path dir = Files.createTempDirectory(work, "plain");
    Path file = Files.writeString(dir.resolve(name), plain);
    String encrypted = new String(sops.encryptAgeTo(recipient, file, args), StandardCharsets.UTF_8);
    Files.delete(file);
    assertThat(encrypted).doesNotContain(PASSWORD, API_KEY);
    return encrypted;
  }

  private static void keySecret(KubernetesClient client, String name, AgeIdentity identity) {
    keySecret(client, name, identity.secretKey());
  }

  private static void keySecret(KubernetesClient client, String name, String secretKey) {
    client
        .secrets()
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .addToStringData("identity.agekey", secretKey + "\n")
                .build())
        .create();
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  private static String b64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
