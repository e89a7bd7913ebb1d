package io.capstan.image.automation.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.image.v1.ImagePolicy;
import io.capstan.api.image.v1.ImagePolicyStatus;
import io.capstan.api.image.v1.ImageRef;
import io.capstan.api.image.v1.ImageUpdateAutomation;
import io.capstan.api.meta.Condition;
import io.capstan.api.meta.Reasons;
import io.capstan.api.source.v1.GitRepository;
import io.capstan.git.CheckoutResult;
import io.capstan.git.CommitVerifier;
import io.capstan.git.GitAuth;
import io.capstan.git.GitCheckout;
import io.capstan.git.GitReference;
import io.capstan.git.VerificationMode;
import io.capstan.image.automation.git.GitUpdate;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.runtime.kube.TolerantSerialization;
import io.capstan.testing.git.GitHttpServer;
import io.capstan.testing.git.OpenPgpKey;
import io.capstan.testing.git.SshKey;
import io.capstan.testing.git.TestGitRepository;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.capstan.testing.status.StatusContract;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ImageUpdateAutomation controller against a real API server and toolkit-testing's Git HTTP
 * server: objects created from YAML, ImagePolicy statuses written by the test (image-reflector is
 * another controller), results read from the Git server.
 */
@WithKubernetes
class ImageUpdateAutomationReconcilerTest {

  static final Set<String> REASONS =
      Set.of(
          Reasons.SUCCEEDED,
          Reasons.PROGRESSING,
          Reasons.PROGRESSING_WITH_RETRY,
          ImageUpdateAutomationConditions.INVALID_UPDATE_STRATEGY,
          ImageUpdateAutomationConditions.INVALID_SOURCE_CONFIG,
          ImageUpdateAutomationConditions.SOURCE_MANAGER_FAILED,
          ImageUpdateAutomationConditions.GIT_OPERATION_FAILED,
          ImageUpdateAutomationConditions.UPDATE_FAILED,
          ImageUpdateAutomationConditions.INVALID_POLICY_SELECTOR,
          ImageUpdateAutomationConditions.REMOVED_TEMPLATE_FIELD,
          ImageUpdateAutomationConditions.ACCESS_DENIED);

  @TempDir static Path temp;
  static KubernetesClient client;
  static Operator operator;

  TestGitRepository origin;
  ObjectId initialHead;
  GitHttpServer http;
  String ns;

  @BeforeAll
  static void startController(KubeControlPlane plane) {
    client =
        new KubernetesClientBuilder()
            .withConfig(plane.clientConfig("default"))
            .withKubernetesSerialization(TolerantSerialization.create())
            .build();
    operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withConcurrentReconciliationThreads(2)
                    .withCloseClientOnStop(false)
                    .withStopOnInformerErrorDuringStartup(true));
    ImageUpdateAutomationController.register(
        operator,
        client,
        Set.of(),
        new SimpleMeterRegistry(),
        new ImageUpdateAutomationReconciler(
            client,
            false,
            true,
            temp.resolve("work"),
            Clock.systemUTC(),
            interval -> new GitUpdate().baseDelay(Duration.ofMillis(100))));
    operator.start();
  }

  @AfterAll
  static void stopController() {
    if (operator != null) {
      operator.stop();
    }
    if (client != null) {
      client.close();
    }
  }

  @BeforeEach
  void gitServer(KubeNamespace namespace, @TempDir Path dir) {
    ns = namespace.name();
    origin = TestGitRepository.create(dir.resolve("origin.git"));
    origin.commit(
        "main",
        "init",
        Map.of("deploy/app.yaml", deployment("app"), "deploy/README.md", "not yaml\n"));
    initialHead = origin.head("main");
    http =
        GitHttpServer.builder()
            .basicAuth("flux", "s3cret")
            .allowPush(true)
            .start()
            .serve("app", origin.repository());
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("git-auth")
                .withNamespace(ns)
                .endMetadata()
                .withStringData(Map.of("username", "flux", "password", "s3cret"))
                .build())
        .create();
    create(
        """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: GitRepository
        metadata: {name: app, namespace: %s}
        spec:
          url: %s
          interval: 1h
          ref: {branch: main}
          secretRef: {name: git-auth}
        """
            .formatted(ns, http.url("app")),
        GitRepository.class);
  }

  @AfterEach
  void stopGitServer() {
    http.close();
    origin.close();
  }

  /** A Deployment whose image is marked with policy {@code policy} of this test's namespace. */
  String deployment(String policy) {
    return "apiVersion: apps/v1\n"
        + "kind: Deployment\n"
        + "metadata:\n"
        + "  name: app\n"
        + "  namespace: apps  # keep\n"
        + "spec:\n"
        + "  template:\n"
        + "    spec:\n"
        + "      containers:\n"
        + "        - name: app\n"
        + "          image: \"ghcr.io/org/app:1.0.0\" # {\"$imagepolicy\": \""
        + ns
        + ":"
        + policy
        + "\"}\n"
        + "          args: ['--flag',   \"x\"]\n";
  }

  <T extends io.fabric8.kubernetes.api.model.HasMetadata> T create(String yaml, Class<T> type) {
    return client.resource(TolerantSerialization.create().unmarshal(yaml, type)).create();
  }

  void policy(String name, String tag) {
    ImagePolicy policy = client.resources(ImagePolicy.class).inNamespace(ns).withName(name).get();
    if (policy == null) {
      policy =
          create(
              """
              apiVersion: image.toolkit.fluxcd.io/v1
              kind: ImagePolicy
              metadata: {name: %s, namespace: %s}
              spec:
                imageRepositoryRef: {name: app}
                policy: {semver: {range: '>=1.0.0'}}
              """
                  .formatted(name, ns),
              ImagePolicy.class);
    }
    ImagePolicyStatus status = new ImagePolicyStatus();
    status.setLatestRef(new ImageRef("ghcr.io/org/app", tag, null));
    policy.setStatus(status);
    client.resource(policy).updateStatus();
  }

  void automation(String extraCommit) {
    automation("auto", "./deploy", extraCommit);
  }

  void automation(String name, String path, String extraCommit) {
    create(
        """
        apiVersion: image.toolkit.fluxcd.io/v1
        kind: ImageUpdateAutomation
        metadata: {name: %s, namespace: %s}
        spec:
          interval: 1h
          sourceRef: {kind: GitRepository, name: app}
          git:
            commit:
              author: {name: Flux Bot, email: flux@example.com}
              messageTemplate: '{{ .AutomationObject }} ({{ .Values.env }}):{{ range .Changed.Changes }} {{ .OldValue }} -> {{ .NewValue }}{{ end }}'
              messageTemplateValues: {env: prod}
        %s
          update: {path: %s, strategy: Setters}
        """
            .formatted(name, ns, extraCommit, path),
        ImageUpdateAutomation.class);
  }

  ImageUpdateAutomation awaitReady(String reason, Condition.Status status, String pushCommit) {
    return awaitReady("auto", reason, status, pushCommit);
  }

  ImageUpdateAutomation awaitReady(
      String name, String reason, Condition.Status status, String pushCommit) {
    ImageUpdateAutomation[] seen = new ImageUpdateAutomation[1];
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> {
              ImageUpdateAutomation a =
                  client
                      .resources(ImageUpdateAutomation.class)
                      .inNamespace(ns)
                      .withName(name)
                      .get();
              assertThat(a).isNotNull();
              assertThat(a.getStatus()).isNotNull();
              assertThat(StatusContract.has(a, "Ready", status, reason))
                  .as("%s", a.getStatus().getConditions())
                  .isTrue();
              if (pushCommit != null) {
                assertThat(a.getStatus().getLastPushCommit()).isEqualTo(pushCommit);
              }
              seen[0] = a;
            });
    StatusContract.check(seen[0], REASONS);
    return seen[0];
  }

  ImageUpdateAutomation awaitPushed(String name) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                client.resources(ImageUpdateAutomation.class).inNamespace(ns).withName(name).get(),
            a ->
                a.getStatus() != null
                    && a.getStatus().getLastPushCommit() != null
                    && StatusContract.has(a, "Ready", Condition.Status.True, Reasons.SUCCEEDED));
  }

  RevCommit head() throws Exception {
    try (RevWalk walk = new RevWalk(origin.repository())) {
      return walk.parseCommit(origin.head("main"));
    }
  }

  @Test
  @DisplayName(
      "a new latest image is committed with the templated message, only the tag changes, and a later policy change is pushed at once")
  void commitsAndFollowsPolicy() throws Exception {
    policy("app", "1.1.0");
    automation("");

    await().atMost(Duration.ofSeconds(90)).until(() -> !origin.head("main").equals(initialHead));
    RevCommit pushed = head();
    ImageUpdateAutomation a = awaitReady(Reasons.SUCCEEDED, Condition.Status.True, pushed.name());
    assertThat(StatusContract.condition(a, "Ready").orElseThrow().getMessage())
        .isEqualTo("repository up-to-date");
    assertThat(pushed.getFullMessage())
        .isEqualTo(ns + "/auto (prod): ghcr.io/org/app:1.0.0 -> ghcr.io/org/app:1.1.0");
    assertThat(pushed.getAuthorIdent().getName()).isEqualTo("Flux Bot");
    assertThat(origin.files(pushed))
        .containsEntry("deploy/app.yaml", deployment("app").replace("app:1.0.0", "app:1.1.0"))
        .containsEntry("deploy/README.md", "not yaml\n");
    assertThat(a.getStatus().getObservedSourceRevision()).isEqualTo("main@sha1:" + pushed.name());
    assertThat(a.getStatus().getObservedPolicies())
        .containsEntry("app", new ImageRef("ghcr.io/org/app", "1.1.0", null));
    assertThat(a.getStatus().getLastPushTime()).isNotNull();
    assertThat(a.getStatus().getLastAutomationRunTime()).isNotNull();

    // the automation's interval is 1h: only the ImagePolicy watch can trigger this run
    policy("app", "1.2.0");
    await().atMost(Duration.ofSeconds(60)).until(() -> !origin.head("main").equals(pushed));
    RevCommit second = head();
    assertThat(origin.files(second))
        .containsEntry("deploy/app.yaml", deployment("app").replace("app:1.0.0", "app:1.2.0"));
    awaitReady(Reasons.SUCCEEDED, Condition.Status.True, second.name());
  }

  @Test
  @DisplayName("nothing changed: Ready, no commit, no push; the next run does not even clone")
  void noChange() throws Exception {
    policy("app", "1.0.0");
    automation("");

    ImageUpdateAutomation a = awaitReady(Reasons.SUCCEEDED, Condition.Status.True, null);
    assertThat(a.getStatus().getLastPushCommit()).isNull();
    assertThat(a.getStatus().getObservedSourceRevision())
        .isEqualTo("main@sha1:" + initialHead.name());
    assertThat(origin.head("main")).isEqualTo(initialHead);
    assertThat(http.requests().receivePacks()).isZero();

    // neither the remote nor the policies changed: a requested run only lists the remote refs
    long clones = http.requests().uploadPacks();
    client
        .resources(ImageUpdateAutomation.class)
        .inNamespace(ns)
        .withName("auto")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"annotations\":{\"reconcile.fluxcd.io/requestedAt\":\"again\"}}}");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                "again"
                    .equals(
                        client
                            .resources(ImageUpdateAutomation.class)
                            .inNamespace(ns)
                            .withName("auto")
                            .get()
                            .getStatus()
                            .getLastHandledReconcileAt()));
    awaitReady(Reasons.SUCCEEDED, Condition.Status.True, null);
    assertThat(http.requests().uploadPacks()).isEqualTo(clones);
  }

  @Test
  @DisplayName(
      "a marker naming a policy that does not exist: UpdateFailed naming the marker, nothing committed")
  void missingPolicy() throws Exception {
    origin.commit("main", "second marker", Map.of("deploy/other.yaml", deployment("missing")));
    ObjectId before = origin.head("main");
    policy("app", "1.1.0");
    automation("");

    ImageUpdateAutomation a =
        awaitReady(ImageUpdateAutomationConditions.UPDATE_FAILED, Condition.Status.False, null);
    assertThat(StatusContract.condition(a, "Ready").orElseThrow().getMessage())
        .contains("other.yaml")
        .contains(ns + ":missing")
        .contains("not committing");
    assertThat(origin.head("main")).isEqualTo(before);
    assertThat(http.requests().receivePacks()).isZero();
    assertThat(a.getStatus().getLastPushCommit()).isNull();
  }

  @Test
  @DisplayName("signingKey: the pushed commit is signed and verifies with the public key")
  void signedCommit(@TempDir Path checkout) throws Exception {
    OpenPgpKey key = OpenPgpKey.generate("Flux Bot", "flux@example.com");
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("signing")
                .withNamespace(ns)
                .endMetadata()
                .withStringData(Map.of("git.asc", key.armoredSecretKey()))
                .build())
        .create();
    policy("app", "1.1.0");
    automation("      signingKey: {secretRef: {name: signing}}");

    await().atMost(Duration.ofSeconds(90)).until(() -> !origin.head("main").equals(initialHead));
    awaitReady(Reasons.SUCCEEDED, Condition.Status.True, head().name());
    String url = http.url("app").toString();
    CheckoutResult.Checkout fetched =
        (CheckoutResult.Checkout)
            new GitCheckout()
                .url(url)
                .auth(
                    GitAuth.fromSecret(
                        url,
                        Map.of(
                            "username", "flux".getBytes(StandardCharsets.UTF_8),
                            "password", "s3cret".getBytes(StandardCharsets.UTF_8))))
                .reference(GitReference.branch("main"))
                .into(checkout)
                .call();
    assertThat(
            CommitVerifier.fromSecret(
                    Map.of("flux.asc", key.armoredPublicKey().getBytes(StandardCharsets.US_ASCII)))
                .verify(fetched.commit(), VerificationMode.HEAD)
                .verified())
        .isNotEmpty();
    assertThat(Files.readString(checkout.resolve("deploy/app.yaml"))).contains("app:1.1.0");
  }

  @Test
  @DisplayName(
      "signingKey type ssh: the pushed commit carries an SSH signature that verifies with the"
          + " public key; an unreadable key is GitOperationFailed and nothing is pushed")
  void sshSignedCommit(@TempDir Path checkout) throws Exception {
    SshKey key = SshKey.ecdsa();
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("ssh-signing")
                .withNamespace(ns)
                .endMetadata()
                .withStringData(Map.of("identity", "not a key"))
                .build())
        .create();
    policy("app", "1.1.0");
    automation("      signingKey: {type: ssh, secretRef: {name: ssh-signing}}");
    ImageUpdateAutomation failed =
        awaitReady(
            ImageUpdateAutomationConditions.GIT_OPERATION_FAILED, Condition.Status.False, null);
    assertThat(StatusContract.condition(failed, "Ready").orElseThrow().getMessage())
        .contains("failed to read signing key from Secret '" + ns + "/ssh-signing'")
        .contains("cannot parse 'identity'");
    assertThat(origin.head("main")).isEqualTo(initialHead);

    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("ssh-signing")
                .withNamespace(ns)
                .endMetadata()
                .withStringData(Map.of("identity", key.privateKeyPem()))
                .build())
        .update();
    client
        .resources(ImageUpdateAutomation.class)
        .inNamespace(ns)
        .withName("auto")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"annotations\":{\"reconcile.fluxcd.io/requestedAt\":\"ssh\"}}}");
    await().atMost(Duration.ofSeconds(90)).until(() -> !origin.head("main").equals(initialHead));
    awaitReady(Reasons.SUCCEEDED, Condition.Status.True, head().name());
    assertThat(new String(head().getRawGpgSignature(), StandardCharsets.US_ASCII))
        .startsWith("-----BEGIN SSH SIGNATURE-----");
    String url = http.url("app").toString();
    CheckoutResult.Checkout fetched =
        (CheckoutResult.Checkout)
            new GitCheckout()
                .url(url)
                .auth(
                    GitAuth.fromSecret(
                        url,
                        Map.of(
                            "username", "flux".getBytes(StandardCharsets.UTF_8),
                            "password", "s3cret".getBytes(StandardCharsets.UTF_8))))
                .reference(GitReference.branch("main"))
                .into(checkout)
                .call();
    assertThat(
            CommitVerifier.fromSecret(
                    Map.of("flux.sshpub", key.publicKeyLine().getBytes(StandardCharsets.US_ASCII)))
                .verify(fetched.commit(), VerificationMode.HEAD)
                .verified())
        .isNotEmpty();
  }

  @Test
  @DisplayName("a GitRepository that does not exist: SourceManagerFailed, nothing pushed")
  void missingSource() {
    policy("app", "1.1.0");
    client.resources(GitRepository.class).inNamespace(ns).withName("app").delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client.resources(GitRepository.class).inNamespace(ns).withName("app").get()
                    == null);
    automation("");

    ImageUpdateAutomation a =
        awaitReady(
            ImageUpdateAutomationConditions.SOURCE_MANAGER_FAILED, Condition.Status.False, null);
    assertThat(StatusContract.condition(a, "Ready").orElseThrow().getMessage())
        .contains(ns + "/app");
    assertThat(http.requests().receivePacks()).isZero();
  }

  @Test
  @DisplayName(
      "concurrent push race: two automations push to one branch at once; both changes land, none lost")
  void concurrentAutomations() throws Exception {
    origin.commit(
        "main",
        "two apps",
        Map.of(
            "apps/a/app.yaml", deployment("a"),
            "apps/b/app.yaml", deployment("b")));
    policy("a", "1.0.0");
    policy("b", "1.0.0");
    automation("auto-a", "./apps/a", "");
    automation("auto-b", "./apps/b", "");
    awaitReady("auto-a", Reasons.SUCCEEDED, Condition.Status.True, null);
    awaitReady("auto-b", Reasons.SUCCEEDED, Condition.Status.True, null);
    ObjectId before = origin.head("main");

    policy("a", "2.0.0");
    policy("b", "3.0.0");

    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () ->
                assertThat(origin.files(origin.head("main")))
                    .containsEntry("apps/a/app.yaml", deployment("a").replace("1.0.0", "2.0.0"))
                    .containsEntry("apps/b/app.yaml", deployment("b").replace("1.0.0", "3.0.0")));
    RevCommit head = head();
    ImageUpdateAutomation a = awaitPushed("auto-a");
    ImageUpdateAutomation b = awaitPushed("auto-b");
    // exactly two commits on top of the state before: one per automation, linear history
    assertThat(head.getParentCount()).isEqualTo(1);
    try (RevWalk walk = new RevWalk(origin.repository())) {
      RevCommit parent = walk.parseCommit(head.getParent(0));
      assertThat(parent.getParent(0)).isEqualTo(before);
      assertThat(Set.of(head.name(), parent.name()))
          .contains(a.getStatus().getLastPushCommit(), b.getStatus().getLastPushCommit());
    }
    StatusContract.check(a, REASONS);
    StatusContract.check(b, REASONS);
  }

  @Test
  @DisplayName(
      "a template using .Updated (removed in v1): Stalled with RemovedTemplateField, nothing pushed")
  void removedTemplateField() {
    policy("app", "1.1.0");
    create(
        """
        apiVersion: image.toolkit.fluxcd.io/v1
        kind: ImageUpdateAutomation
        metadata: {name: auto, namespace: %s}
        spec:
          interval: 1h
          sourceRef: {kind: GitRepository, name: app}
          git:
            commit:
              author: {name: Flux Bot, email: flux@example.com}
              messageTemplate: '{{ range .Updated.Images }}{{ . }}{{ end }}'
          update: {path: ./deploy, strategy: Setters}
        """
            .formatted(ns),
        ImageUpdateAutomation.class);

    ImageUpdateAutomation a =
        awaitReady(
            ImageUpdateAutomationConditions.REMOVED_TEMPLATE_FIELD, Condition.Status.False, null);
    assertThat(StatusContract.has(a, "Stalled", Condition.Status.True, null)).isTrue();
    assertThat(origin.head("main")).isEqualTo(initialHead);
    assertThat(http.requests().receivePacks()).isZero();
  }
}
