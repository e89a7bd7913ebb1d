package io.capstan.cli.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.cli.Main;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.git.GitHttpServer;
import io.capstan.testing.git.GitSshServer;
import io.capstan.testing.git.OpenPgpKey;
import io.capstan.testing.git.TestGitRepository;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code capstan bootstrap git} on the local control plane in cluster mode, against
 * toolkit-testing's in-process Git servers. The installed Deployments are run by kwok (no
 * containers), so the reconciling controllers are {@code capstan run} in this JVM. Each test
 * bootstraps into its own namespace ({@code -n}); the cleanup suspends and deletes the sync objects
 * (no prune of the shared cluster's CRDs) and removes kustomize-controller's owner labels from the
 * CRDs so that other classes' {@code capstan install} still sees a non-bootstrapped cluster.
 */
@WithKubernetes(cluster = true)
class BootstrapGitTest {

  private static final String PATH = "clusters/test";
  private static final String DIR = PATH + "/flux-system/";

  private static final ResourceDefinitionContext GIT_REPOSITORIES =
      new ResourceDefinitionContext.Builder()
          .withGroup("source.toolkit.fluxcd.io")
          .withVersion("v1")
          .withPlural("gitrepositories")
          .withKind("GitRepository")
          .withNamespaced(true)
          .build();
  private static final ResourceDefinitionContext KUSTOMIZATIONS =
      new ResourceDefinitionContext.Builder()
          .withGroup("kustomize.toolkit.fluxcd.io")
          .withVersion("v1")
          .withPlural("kustomizations")
          .withKind("Kustomization")
          .withNamespaced(true)
          .build();

  record Result(int exit, String output) {}

  static Result bootstrap(KubeControlPlane plane, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine capstan = Main.commandLine();
    capstan.setOut(new PrintWriter(out, true));
    capstan.setErr(new PrintWriter(err, true));
    List<String> all =
        new ArrayList<>(List.of("bootstrap", "git", "--kubeconfig=" + plane.kubeconfig()));
    all.addAll(List.of(args));
    int exit = capstan.execute(all.toArray(String[]::new));
    return new Result(exit, out + err.toString());
  }

  @Test
  @DisplayName(
      "over HTTP basic auth: the three files committed and pushed, objects Ready; a second run"
          + " makes no commit; a flag changed in Git rolls the Deployment (self-management)")
  void httpBasicAuth(
      KubernetesClient client, KubeNamespace namespace, KubeControlPlane plane, @TempDir Path tmp)
      throws Exception {
    String ns = namespace.name();
    try (TestGitRepository repository = TestGitRepository.create(tmp.resolve("fleet.git"));
        GitHttpServer git =
            GitHttpServer.builder().basicAuth("fleet", "s3cret").allowPush(true).start();
        Controllers controllers = Controllers.start(plane, tmp)) {
      RevCommit initial = repository.commit("main", "init", Map.of("README.md", "# fleet\n"));
      git.serve("fleet", repository.repository());
      String url = git.url("fleet").toString();
      try {
        Result first =
            bootstrap(
                plane,
                "--url=" + url,
                "--branch=main",
                "--path=" + PATH,
                "--username=fleet",
                "--password=s3cret",
                "--token-auth",
                "--allow-insecure-http",
                "--author-name=Capstan Bot",
                "--author-email=bot@example.com",
                "--commit-message-appendix=cluster: test",
                "-n",
                ns,
                "--timeout=3m");
        assertThat(first.exit()).as(first.output()).isZero();
        assertThat(first.output())
            .contains(
                "✔ pushed component manifests",
                "✔ pushed sync manifests",
                "✔ GitRepository reconciled successfully",
                "✔ Kustomization reconciled successfully",
                "✔ bootstrap finished")
            .doesNotContain("s3cret");

        ObjectId head = repository.head("main");
        Map<String, String> files = repository.files(head);
        assertThat(files)
            .containsKeys(
                "README.md",
                DIR + "gotk-components.yaml",
                DIR + "gotk-sync.yaml",
                DIR + "kustomization.yaml");
        assertThat(files.get(DIR + "gotk-components.yaml"))
            .startsWith("---\n# Capstan Version: v")
            .contains("kind: CustomResourceDefinition", "name: source-controller");
        assertThat(files.get(DIR + "gotk-sync.yaml"))
            .isEqualTo(
                SyncManifests.sync(ns, ns, url, "main", "flux-system", PATH, Duration.ofMinutes(1)))
            .contains("path: ./clusters/test", "interval: 1m0s", "url: " + url);
        assertThat(files.get(DIR + "kustomization.yaml")).isEqualTo(SyncManifests.kustomization());

        // two commits on top of the initial one, Flux's messages with the appendix
        try (RevWalk walk = new RevWalk(repository.repository())) {
          RevCommit sync = walk.parseCommit(head);
          RevCommit components = walk.parseCommit(sync.getParent(0));
          assertThat(sync.getFullMessage())
              .isEqualTo("Add Capstan sync manifests\n\ncluster: test");
          assertThat(components.getFullMessage())
              .matches("Add Capstan v\\S+ component manifests\n\ncluster: test");
          assertThat(components.getParent(0)).isEqualTo(initial);
          assertThat(sync.getAuthorIdent().getName()).isEqualTo("Capstan Bot");
          assertThat(sync.getAuthorIdent().getEmailAddress()).isEqualTo("bot@example.com");
        }

        Secret secret = client.secrets().inNamespace(ns).withName("flux-system").get();
        assertThat(decode(secret, "username")).isEqualTo("fleet");
        assertThat(decode(secret, "password")).isEqualTo("s3cret");
        assertReady(client, GIT_REPOSITORIES, ns, "main@sha1:" + head.name());
        assertReady(client, KUSTOMIZATIONS, ns, "main@sha1:" + head.name());
        assertThat(client.apps().deployments().inNamespace(ns).withName("source-controller").get())
            .isNotNull();

        Result second =
            bootstrap(
                plane,
                "--url=" + url,
                "--path=" + PATH,
                "--username=fleet",
                "--password=s3cret",
                "--token-auth",
                "--allow-insecure-http",
                "--author-name=Capstan Bot",
                "--author-email=bot@example.com",
                "--commit-message-appendix=cluster: test",
                "-n",
                ns,
                "--timeout=3m");
        assertThat(second.exit()).as(second.output()).isZero();
        assertThat(second.output())
            .contains(
                "✔ component manifests are up to date",
                "✔ sync manifests are up to date",
                "✔ bootstrap finished")
            .doesNotContain("pushing");
        assertThat(repository.head("main")).isEqualTo(head);

        // self-management: a commit changing the controllers' flag in gotk-components.yaml is
        // applied by Capstan itself and rolls the Deployment
        String components = files.get(DIR + "gotk-components.yaml");
        assertThat(components).contains("--log-level=info");
        long generation =
            client
                .apps()
                .deployments()
                .inNamespace(ns)
                .withName("source-controller")
                .get()
                .getMetadata()
                .getGeneration();
        ObjectId changed =
            repository
                .commit(
                    "main",
                    "source-controller: debug logs",
                    Map.of(
                        DIR + "gotk-components.yaml",
                        components.replace("--log-level=info", "--log-level=debug")))
                .getId();
        String changedRevision = "main@sha1:" + changed.name();
        requestReconcile(client, GIT_REPOSITORIES, ns);
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(() -> assertReady(client, GIT_REPOSITORIES, ns, changedRevision));
        requestReconcile(client, KUSTOMIZATIONS, ns);
        await()
            .atMost(Duration.ofSeconds(90))
            .untilAsserted(
                () -> {
                  var d =
                      client
                          .apps()
                          .deployments()
                          .inNamespace(ns)
                          .withName("source-controller")
                          .get();
                  assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                      .contains("--log-level=debug");
                  assertThat(d.getMetadata().getGeneration()).isGreaterThan(generation);
                  assertThat(d.getStatus().getObservedGeneration())
                      .isEqualTo(d.getMetadata().getGeneration());
                });
        // the status is written after the apply that rolled the Deployment
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(() -> assertReady(client, KUSTOMIZATIONS, ns, changedRevision));
      } finally {
        unbootstrap(client, ns);
      }
    }
  }

  @Test
  @DisplayName(
      "over SSH with a given encrypted ed25519 key and --password: identity, identity.pub,"
          + " password and the scanned known_hosts; source-controller fetches with it; commits"
          + " signed with --gpg-key-ring; --sparse-checkout in gotk-sync.yaml;"
          + " --registry-creds' image pull Secret")
  void sshWithKey(
      KubernetesClient client, KubeNamespace namespace, KubeControlPlane plane, @TempDir Path tmp)
      throws Exception {
    String ns = namespace.name();
    // an ed25519 key encrypted with a passphrase: source-controller decrypts it with the Secret's
    // password, as Flux's does
    java.security.KeyPair key =
        SshIdentity.generate(new SshIdentity.KeyAlgorithm("ed25519", 2048, "p384"));
    String publicKeyLine =
        org.apache.sshd.common.config.keys.PublicKeyEntry.toString(key.getPublic());
    Path keyFile = tmp.resolve("id_ed25519");
    Files.writeString(keyFile, encryptedOpenSsh(key, "k3y-pass"));
    OpenPgpKey signing = OpenPgpKey.generate("Capstan Bot", "bot@example.com");
    Path keyRing = tmp.resolve("signing.asc");
    Files.writeString(keyRing, signing.armoredSecretKey());
    try (TestGitRepository repository = TestGitRepository.create(tmp.resolve("fleet.git"));
        GitSshServer git = GitSshServer.start(List.of(key.getPublic())).allowPush(true);
        Controllers controllers = Controllers.start(plane, tmp)) {
      repository.commit("main", "init", Map.of("README.md", "# fleet\n"));
      git.serve("fleet", repository.repository());
      String url = git.url("fleet").toString();
      try {
        Result r =
            bootstrap(
                plane,
                "--url=" + url,
                "--path=" + PATH,
                "--private-key-file=" + keyFile,
                "--password=k3y-pass",
                "--sparse-checkout=clusters",
                "--image-pull-secret=regcred",
                "--registry-creds=robot:p@ss",
                "--silent",
                "--gpg-key-ring=" + keyRing,
                "--gpg-key-id=" + signing.keyId(),
                "-n",
                ns,
                "--timeout=3m");
        assertThat(r.exit()).as(r.output()).isZero();
        ObjectId head = repository.head("main");
        assertThat(repository.files(head)).containsKey(DIR + "gotk-sync.yaml");
        try (RevWalk walk = new RevWalk(repository.repository())) {
          for (RevCommit c : List.of(walk.parseCommit(head), walk.parseCommit(head).getParent(0))) {
            RevCommit commit = walk.parseCommit(c);
            assertThat(commit.getRawGpgSignature()).as("signed %s", commit.name()).isNotNull();
            assertThat(
                    signing.verifies(
                        TestGitRepository.signedPayload(commit),
                        new String(commit.getRawGpgSignature(), StandardCharsets.US_ASCII)))
                .isTrue();
          }
        }
        Secret secret = client.secrets().inNamespace(ns).withName("flux-system").get();
        assertThat(decode(secret, "identity")).isEqualTo(Files.readString(keyFile));
        assertThat(decode(secret, "identity.pub")).isEqualTo(publicKeyLine + "\n");
        assertThat(decode(secret, "known_hosts")).isEqualTo(git.knownHostsLine() + "\n");
        assertThat(decode(secret, "password")).isEqualTo("k3y-pass");
        assertThat(r.output()).doesNotContain("k3y-pass", "p@ss");
        assertThat(repository.files(head).get(DIR + "gotk-sync.yaml"))
            .contains("  sparseCheckout:\n  - clusters\n");
        Secret pull = client.secrets().inNamespace(ns).withName("regcred").get();
        assertThat(pull.getType()).isEqualTo("kubernetes.io/dockerconfigjson");
        assertThat(decode(pull, ".dockerconfigjson"))
            .isEqualTo(
                "{\"auths\":{\"localhost:5000/capstan\":{\"username\":\"robot\","
                    + "\"password\":\"p@ss\",\"auth\":\"cm9ib3Q6cEBzcw==\"}}}");
        assertThat(
                client
                    .apps()
                    .deployments()
                    .inNamespace(ns)
                    .withName("source-controller")
                    .get()
                    .getSpec()
                    .getTemplate()
                    .getSpec()
                    .getImagePullSecrets())
            .extracting(io.fabric8.kubernetes.api.model.LocalObjectReference::getName)
            .containsExactly("regcred");
        assertReady(client, GIT_REPOSITORIES, ns, "main@sha1:" + head.name());
        assertReady(client, KUSTOMIZATIONS, ns, "main@sha1:" + head.name());
      } finally {
        unbootstrap(client, ns);
      }
    }
  }

  @Test
  @DisplayName(
      "an empty repository over HTTP, synced over SSH with a generated key registered at the"
          + " prompt (Flux's default without --token-auth); --ssh-hostname, --secret-name,"
          + " --recurse-submodules, --ssh-ecdsa-curve, --cluster-domain, --toleration-keys;"
          + " cluster-scoped RBAC suffixed with the namespace")
  void emptyRepositoryGeneratedKey(
      KubernetesClient client, KubeNamespace namespace, KubeControlPlane plane, @TempDir Path tmp)
      throws Exception {
    String ns = namespace.name();
    java.io.InputStream stdin = System.in;
    try (TestGitRepository repository = TestGitRepository.create(tmp.resolve("fleet.git"));
        GitHttpServer http =
            GitHttpServer.builder().basicAuth("fleet", "s3cret").allowPush(true).start();
        GitSshServer ssh = GitSshServer.start(List.of()).allowPush(true);
        Controllers controllers = Controllers.start(plane, tmp);
        java.io.PipedOutputStream answers = new java.io.PipedOutputStream()) {
      http.serve("fleet", repository.repository());
      ssh.serve("fleet", repository.repository());
      assertThat(repository.repository().getRefDatabase().getRefs()).isEmpty();
      String url = http.url("fleet").toString();
      String sshHost = "127.0.0.1:" + ssh.port();
      System.setIn(new java.io.PipedInputStream(answers));
      StringWriter out = new StringWriter();
      CommandLine capstan = Main.commandLine();
      capstan.setOut(new PrintWriter(out, true));
      capstan.setErr(new PrintWriter(out, true));
      try {
        var run =
            java.util.concurrent.CompletableFuture.supplyAsync(
                () ->
                    capstan.execute(
                        "bootstrap",
                        "git",
                        "--kubeconfig=" + plane.kubeconfig(),
                        "--url=" + url,
                        "--allow-insecure-http",
                        "--username=fleet",
                        "--password=s3cret",
                        "--ssh-hostname=" + sshHost,
                        "--ssh-ecdsa-curve=p256",
                        "--secret-name=fleet-auth",
                        "--recurse-submodules",
                        "--cluster-domain=example.internal",
                        "--toleration-keys=node.example.com/dedicated,gpu",
                        "--path=" + PATH,
                        "-n",
                        ns,
                        "--timeout=3m"));
        // the user reads the printed key, registers it as a deploy key, then answers y
        String publicKey =
            await()
                .atMost(Duration.ofSeconds(60))
                .until(
                    () ->
                        out.toString()
                            .lines()
                            .filter(l -> l.startsWith("✔ public key: "))
                            .map(l -> l.substring("✔ public key: ".length()).trim())
                            .findFirst()
                            .orElse(null),
                    java.util.Objects::nonNull);
        assertThat(publicKey).startsWith("ecdsa-sha2-nistp256 ");
        assertThat(out.toString()).contains("Please give the key access to your repository");
        ssh.authorize(
            org.apache.sshd.common.config.keys.AuthorizedKeyEntry.parseAuthorizedKeyEntry(publicKey)
                .resolvePublicKey(null, null));
        answers.write("y\n".getBytes(StandardCharsets.UTF_8));
        answers.flush();
        int exit = run.get(4, java.util.concurrent.TimeUnit.MINUTES);
        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString())
            .contains("not found (empty repository?)", "✔ bootstrap finished")
            .doesNotContain("s3cret");

        // the repository: two commits from nothing
        ObjectId head = repository.head("main");
        try (RevWalk walk = new RevWalk(repository.repository())) {
          RevCommit sync = walk.parseCommit(head);
          RevCommit components = walk.parseCommit(sync.getParent(0));
          assertThat(components.getParentCount()).isZero();
        }
        String syncUrl = "ssh://fleet@" + sshHost + "/fleet.git";
        Map<String, String> files = repository.files(head);
        assertThat(files.get(DIR + "gotk-sync.yaml"))
            .isEqualTo(
                SyncManifests.sync(
                    ns, ns, syncUrl, "main", "fleet-auth", PATH, Duration.ofMinutes(1), true))
            .contains("recurseSubmodules: true", "name: fleet-auth", "url: " + syncUrl);
        assertThat(files.get(DIR + "gotk-components.yaml"))
            .contains(".svc.example.internal.", "key: node.example.com/dedicated")
            .doesNotContain(".svc.cluster.local.");

        // the Secret: the generated identity and the SSH server's scanned host key
        Secret secret = client.secrets().inNamespace(ns).withName("fleet-auth").get();
        assertThat(decode(secret, "identity.pub")).isEqualTo(publicKey + "\n");
        assertThat(decode(secret, "identity")).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
        assertThat(decode(secret, "known_hosts")).isEqualTo(ssh.knownHostsLine() + "\n");
        assertThat(secret.getData()).doesNotContainKey("password");
        assertThat(client.secrets().inNamespace(ns).withName("flux-system").get()).isNull();

        // source-controller fetched over SSH with the generated key
        assertReady(client, GIT_REPOSITORIES, ns, "main@sha1:" + head.name());
        assertReady(client, KUSTOMIZATIONS, ns, "main@sha1:" + head.name());
        assertThat(ssh.users()).contains("fleet");

        var deployment =
            client.apps().deployments().inNamespace(ns).withName("source-controller").get();
        assertThat(deployment.getSpec().getTemplate().getSpec().getTolerations())
            .extracting(t -> t.getKey() + "/" + t.getOperator())
            .containsExactly("node.example.com/dedicated/Exists", "gpu/Exists");
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
            .contains(
                "--storage-adv-addr=source-controller.$(RUNTIME_NAMESPACE).svc.example.internal.");
        var reconciler =
            client.rbac().clusterRoleBindings().withName("capstan-cluster-reconciler-" + ns).get();
        assertThat(reconciler).isNotNull();
        assertThat(reconciler.getRoleRef().getName()).isEqualTo("cluster-admin");
        assertThat(reconciler.getSubjects().get(0).getNamespace()).isEqualTo(ns);
        var source =
            client.rbac().clusterRoleBindings().withName("capstan-source-controller-" + ns).get();
        assertThat(source.getRoleRef().getName()).isEqualTo("capstan-source-controller-" + ns);
        assertThat(client.rbac().clusterRoles().withName("capstan-source-controller-" + ns).get())
            .isNotNull();
      } finally {
        System.setIn(stdin);
        unbootstrap(client, ns);
      }
    }
  }

  @Test
  @DisplayName(
      "a repository bootstrapped by Flux is adopted: Flux's sync objects taken over, the"
          + " components replaced, kustomization.yaml and the other manifests kept")
  void adoptsFluxRepository(
      KubernetesClient client, KubeNamespace namespace, KubeControlPlane plane, @TempDir Path tmp)
      throws Exception {
    String ns = namespace.name();
    try (TestGitRepository repository = TestGitRepository.create(tmp.resolve("fleet.git"));
        GitHttpServer git =
            GitHttpServer.builder().basicAuth("fleet", "s3cret").allowPush(true).start();
        Controllers controllers = Controllers.start(plane, tmp)) {
      git.serve("fleet", repository.repository());
      String url = git.url("fleet").toString();
      // what `flux bootstrap git` leaves in a repository (its header, its components file)
      String fluxSync =
          SyncManifests.sync(ns, ns, url, "main", "flux-system", PATH, Duration.ofMinutes(1))
              .replace("generated by capstan", "generated by flux");
      RevCommit flux =
          repository.commit(
              "main",
              "Add Flux sync manifests",
              Map.of(
                  DIR + "gotk-components.yaml",
                  "---\n# Flux Version: v2.9.4\n# Components: source-controller\n",
                  DIR + "gotk-sync.yaml",
                  fluxSync,
                  DIR + "kustomization.yaml",
                  SyncManifests.kustomization(),
                  PATH + "/apps/settings.yaml",
                  "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: "
                      + ns
                      + "\ndata:\n  owner: fleet\n"));
      // Flux's objects, as `flux bootstrap` applied them (field manager flux)
      for (String doc : fluxSync.split("\n---\n")) {
        if (doc.contains("kind:")) {
          client
              .resource(doc)
              .inNamespace(ns)
              .fieldManager("flux")
              .forceConflicts()
              .serverSideApply();
        }
      }
      try {
        Result r =
            bootstrap(
                plane,
                "--url=" + url,
                "--path=" + PATH,
                "--username=fleet",
                "--password=s3cret",
                "--token-auth",
                "--allow-insecure-http",
                "-n",
                ns,
                "--timeout=3m");
        assertThat(r.exit()).as(r.output()).isZero();
        ObjectId head = repository.head("main");
        Map<String, String> files = repository.files(head);
        assertThat(files.get(DIR + "gotk-components.yaml")).startsWith("---\n# Capstan Version: v");
        assertThat(files.get(DIR + "gotk-sync.yaml"))
            .isEqualTo(fluxSync.replace("generated by flux", "generated by capstan"));
        assertThat(files.get(DIR + "kustomization.yaml")).isEqualTo(SyncManifests.kustomization());
        assertThat(files).containsKey(PATH + "/apps/settings.yaml");
        try (RevWalk walk = new RevWalk(repository.repository())) {
          RevCommit sync = walk.parseCommit(head);
          RevCommit components = walk.parseCommit(sync.getParent(0));
          assertThat(components.getParent(0)).isEqualTo(flux);
        }
        assertReady(client, GIT_REPOSITORIES, ns, "main@sha1:" + head.name());
        assertReady(client, KUSTOMIZATIONS, ns, "main@sha1:" + head.name());
        assertThat(client.configMaps().inNamespace(ns).withName("settings").get().getData())
            .containsEntry("owner", "fleet");
      } finally {
        unbootstrap(client, ns);
      }
    }
  }

  @Test
  @DisplayName(
      "bad inputs (path with '..', wrong credentials, unreachable URL, push refused) fail clearly"
          + " and leave the repository and the cluster unchanged")
  void badInputs(KubernetesClient client, KubeControlPlane plane, @TempDir Path tmp)
      throws Exception {
    String ns = "bootstrap-bad-" + Long.toHexString(System.nanoTime() & 0xffffff);
    try (TestGitRepository repository = TestGitRepository.create(tmp.resolve("fleet.git"));
        GitHttpServer git =
            GitHttpServer.builder().basicAuth("fleet", "s3cret").allowPush(true).start()) {
      ObjectId initial =
          repository.commit("main", "init", Map.of("README.md", "# fleet\n")).getId();
      git.serve("fleet", repository.repository());
      String url = git.url("fleet").toString();

      Result dots =
          bootstrap(
              plane,
              "--url=" + url,
              "--path=clusters/../../x",
              "--password=s3cret",
              "--token-auth",
              "--allow-insecure-http",
              "-n",
              ns);
      assertThat(dots.exit()).isNotZero();
      assertThat(dots.output())
          .contains("invalid --path 'clusters/../../x': must not contain '..'");

      Result wrong =
          bootstrap(
              plane,
              "--url=" + url,
              "--path=" + PATH,
              "--username=fleet",
              "--password=wrong-password",
              "--token-auth",
              "--allow-insecure-http",
              "-n",
              ns,
              "--timeout=30s");
      assertThat(wrong.exit()).isNotZero();
      assertThat(wrong.output()).containsIgnoringCase("auth").doesNotContain("wrong-password");

      Result unreachable =
          bootstrap(
              plane,
              "--url=http://127.0.0.1:1/fleet.git",
              "--path=" + PATH,
              "--password=s3cret",
              "--token-auth",
              "--allow-insecure-http",
              "-n",
              ns,
              "--timeout=30s");
      assertThat(unreachable.exit()).isNotZero();
      assertThat(unreachable.output()).contains("127.0.0.1:1");

      try (GitHttpServer readOnly =
          GitHttpServer.builder().basicAuth("fleet", "s3cret").allowPush(false).start()) {
        readOnly.serve("fleet", repository.repository());
        Result rejected =
            bootstrap(
                plane,
                "--url=" + readOnly.url("fleet"),
                "--path=" + PATH,
                "--username=fleet",
                "--password=s3cret",
                "--token-auth",
                "--allow-insecure-http",
                "-n",
                ns,
                "--timeout=30s");
        assertThat(rejected.exit()).isNotZero();
        assertThat(rejected.output())
            .contains("✔ cloned repository", "► pushing component manifests", "Error: ")
            .doesNotContain("installing components", "s3cret");
      }

      assertThat(repository.head("main")).isEqualTo(initial);
      assertThat(client.namespaces().withName(ns).get()).isNull();
    }
  }

  private static void requestReconcile(
      KubernetesClient client, ResourceDefinitionContext type, String ns) {
    client
        .genericKubernetesResources(type)
        .inNamespace(ns)
        .withName(ns)
        // a merge patch without resourceVersion: the controllers write the object meanwhile
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"annotations\":{\"reconcile.fluxcd.io/requestedAt\":\""
                + java.time.Instant.now()
                + "\"}}}");
  }

  private static String encryptedOpenSsh(java.security.KeyPair pair, String passphrase)
      throws Exception {
    var encryption =
        new org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext();
    encryption.setPassword(passphrase);
    encryption.setCipherName("AES");
    encryption.setCipherType("256");
    java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
    org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter.INSTANCE
        .writePrivateKey(pair, "test", encryption, buffer);
    return buffer.toString(StandardCharsets.US_ASCII);
  }

  private static String decode(Secret secret, String key) {
    return new String(
        Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }

  private static void assertReady(
      KubernetesClient client, ResourceDefinitionContext type, String ns, String revision) {
    GenericKubernetesResource r =
        client.genericKubernetesResources(type).inNamespace(ns).withName(ns).get();
    assertThat(r).isNotNull();
    List<Map<String, Object>> conditions = r.get("status", "conditions");
    assertThat(conditions)
        .anySatisfy(
            c -> {
              assertThat(c.get("type")).isEqualTo("Ready");
              assertThat(c.get("status")).isEqualTo("True");
              assertThat(String.valueOf(c.get("message"))).contains(revision);
            });
  }

  /**
   * Leaves the shared cluster as other classes expect it: the sync objects suspended and deleted
   * (their finalizers run while the controllers still run, without pruning), kustomize-controller's
   * owner labels removed from the CRDs.
   */
  private static void unbootstrap(KubernetesClient client, String ns) {
    for (ResourceDefinitionContext type : List.of(KUSTOMIZATIONS, GIT_REPOSITORIES)) {
      var resource = client.genericKubernetesResources(type).inNamespace(ns).withName(ns);
      if (resource.get() != null) {
        if (type == KUSTOMIZATIONS) {
          resource.edit(
              k -> {
                Map<String, Object> spec = k.get("spec");
                spec.put("suspend", true);
                spec.put("prune", false);
                return k;
              });
        }
        resource.delete();
        await().atMost(Duration.ofSeconds(60)).until(() -> resource.get() == null);
      }
    }
    for (CustomResourceDefinition crd :
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withLabel("kustomize.toolkit.fluxcd.io/name")
            .list()
            .getItems()) {
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(crd.getMetadata().getName())
          .edit(
              c -> {
                c.getMetadata().getLabels().remove("kustomize.toolkit.fluxcd.io/name");
                c.getMetadata().getLabels().remove("kustomize.toolkit.fluxcd.io/namespace");
                return c;
              });
    }
  }

  /** {@code capstan run} in this JVM against the test cluster, until closed. */
  static final class Controllers implements AutoCloseable {
    private final Thread thread;
    private final AtomicInteger exit = new AtomicInteger(-1);

    private Controllers(Thread thread) {
      this.thread = thread;
    }

    static Controllers start(KubeControlPlane plane, Path tmp) {
      StringWriter out = new StringWriter();
      CommandLine capstan = Main.commandLine();
      capstan.setOut(new PrintWriter(out, true));
      AtomicInteger exit = new AtomicInteger(-1);
      Thread run =
          new Thread(
              () ->
                  exit.set(
                      capstan.execute(
                          "run",
                          "--kubeconfig=" + plane.kubeconfig(),
                          "--storage-path=" + tmp.resolve("artifacts"),
                          "--storage-addr=127.0.0.1:0",
                          "--events-addr=127.0.0.1:0",
                          "--receiverAddr=127.0.0.1:0",
                          "--metrics-addr=0",
                          "--health-addr=0",
                          "--concurrent=2")),
              "capstan-run");
      run.start();
      await().atMost(Duration.ofSeconds(90)).until(() -> out.toString().contains("Ctrl-C stops."));
      Controllers c = new Controllers(run);
      return c;
    }

    @Override
    public void close() throws InterruptedException {
      thread.interrupt();
      thread.join(Duration.ofSeconds(60).toMillis());
    }
  }
}
