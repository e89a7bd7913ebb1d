package io.capstan.cli.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.cli.install.InstallCommand;
import io.capstan.cli.install.InstallManifests;
import io.capstan.cli.install.InstallOptions;
import io.capstan.cli.install.RolloutWait;
import io.capstan.git.CommitSigner;
import io.capstan.git.GitAuth;
import io.capstan.git.GitCommitRequest;
import io.capstan.git.GitException;
import io.capstan.git.GitReference;
import io.capstan.git.GitRemote;
import io.capstan.git.GitWorkspace;
import io.capstan.kustomize.engine.Kustomizer;
import io.capstan.runtime.apply.ApplyException;
import io.capstan.runtime.apply.ServerSideApplier;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code flux bootstrap git}'s sequence ({@code pkg/bootstrap/bootstrap_plain_git.go}) on Capstan's
 * parts: clone the branch (toolkit-git), write and commit {@code gotk-components.yaml} and push,
 * install the components, create the sync Secret, write and commit {@code gotk-sync.yaml} + {@code
 * kustomization.yaml} and push, apply {@code <path>/flux-system} and wait until the {@code
 * flux-system} GitRepository and Kustomization are Ready at the pushed revision. A commit is made
 * and pushed only when a file changed, so a second run with the same flags changes nothing.
 *
 * <p>Everything that can be checked without the cluster (flags, credentials, clone, push) happens
 * before the first object is applied: bad input leaves the cluster unchanged.
 */
final class GitBootstrap {

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

  /**
   * What to bootstrap.
   *
   * @param url repository URL (http, https or ssh) cloned and pushed to
   * @param cloneAuth the clone's and pushes' credentials, in the Secret keys {@link GitAuth} reads
   * @param syncUrl the GitRepository's URL (Flux: {@code ssh://} unless token auth)
   * @param secretName the sync Secret's name ({@code --secret-name})
   * @param recurseSubmodules the GitRepository's {@code recurseSubmodules}
   * @param branch the branch to commit to and sync from
   * @param path directory in the repository, relative, without {@code ..}
   * @param secretData the sync Secret's data (Flux's keys: username/password (+ ca.crt) or
   *     identity, identity.pub, known_hosts)
   * @param install the components and install options
   * @param author commit author name
   * @param authorEmail commit author email
   * @param messageAppendix appended to the commit messages after a blank line, or empty
   * @param signer OpenPGP or SSH signer of the commits, or null
   * @param sparseCheckout the GitRepository's {@code sparseCheckout} directories, or empty
   * @param imagePullSecretData the {@code --image-pull-secret} Secret's data for {@code
   *     --registry-creds}, or null
   * @param force override an installation another tool manages without asking
   * @param interval the GitRepository's interval
   * @param timeout per Git operation and for each wait
   */
  record Settings(
      String url,
      Map<String, byte[]> cloneAuth,
      String syncUrl,
      String secretName,
      boolean recurseSubmodules,
      String branch,
      String path,
      Map<String, byte[]> secretData,
      InstallOptions install,
      String author,
      String authorEmail,
      String messageAppendix,
      CommitSigner signer,
      List<String> sparseCheckout,
      Map<String, byte[]> imagePullSecretData,
      boolean force,
      Duration interval,
      Duration timeout) {}

  private final Settings settings;
  private final PrintWriter out;

  GitBootstrap(Settings settings, PrintWriter out) {
    this.settings = settings;
    this.out = out;
  }

  /** Checks {@code --path} as Flux does: relative, no {@code ..} segment; returns it normalized. */
  static String checkPath(String path) {
    String p = path == null ? "" : path.trim();
    if (p.startsWith("/")) {
      throw new IllegalArgumentException("invalid --path '" + path + "': must be relative");
    }
    for (String segment : p.split("/")) {
      if (segment.equals("..")) {
        throw new IllegalArgumentException(
            "invalid --path '" + path + "': must not contain '..' (it would leave the repository)");
      }
    }
    String normalized = SyncManifests.kustomizationPath(p).substring(2);
    return normalized;
  }

  /**
   * What the Git phase pushed: the components to install, the objects of {@code <path>/flux-system}
   * to apply, and the branch's revision ({@code <branch>@sha1:<hex>}).
   */
  record Pushed(List<ObjectNode> components, List<ObjectNode> sync, String revision) {}

  /** Runs the bootstrap against {@code client}. */
  void run(KubernetesClient client) throws GitException {
    confirmOverride(client);
    Pushed pushed = push();
    reconcileCluster(client, pushed);
  }

  /**
   * Flux's {@code confirmBootstrap}: when the {@code gitrepositories} CRD says another tool manages
   * the installation ({@code app.kubernetes.io/managed-by} other than {@code flux}), asks before
   * taking it over, unless {@code --force}. Nothing is cloned or applied when the user declines.
   */
  void confirmOverride(KubernetesClient client) {
    if (settings.force()) {
      return;
    }
    var crd =
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName("gitrepositories.source.toolkit.fluxcd.io")
            .get();
    if (crd == null || crd.getMetadata().getLabels() == null) {
      return;
    }
    Map<String, String> labels = crd.getMetadata().getLabels();
    String manager = labels.getOrDefault("app.kubernetes.io/managed-by", "");
    if (manager.isEmpty() || manager.equals("flux")) {
      return;
    }
    String version = labels.getOrDefault("app.kubernetes.io/version", "");
    out.println("Flux " + version + " has been installed on this cluster with " + manager + "!");
    out.print("Are you sure you want to override the " + manager + " installation? Y/N [y/N] ");
    out.flush();
    String answer = SshIdentity.readLine();
    if (!answer.trim().equalsIgnoreCase("y")) {
      throw new IllegalStateException(
          "bootstrap cancelled (the installation is managed by "
              + manager
              + "; --force overrides it)");
    }
  }

  /**
   * The Git phase: clones the branch, writes and commits the components, then the sync manifests,
   * pushing each commit; nothing in the cluster is touched.
   */
  Pushed push() throws GitException {
    String path = checkPath(settings.path());
    InstallOptions install = settings.install();
    GitAuth auth = GitAuth.fromSecret(settings.url(), settings.cloneAuth());
    GitRemote remote = new GitRemote(settings.url(), auth, null, settings.timeout());
    Path tmp = createTempDirectory();
    try {
      out.println("► cloning branch \"" + settings.branch() + "\" from Git repository " + remote);
      out.flush();
      try (GitWorkspace ws = cloneOrInit(remote, tmp.resolve("repo"))) {

        // components
        out.println("► generating component manifests");
        List<ObjectNode> objects = InstallManifests.embedded().build(install);
        Path dir = ws.directory().resolve(path).resolve(SyncManifests.DIRECTORY);
        write(
            dir.resolve(SyncManifests.COMPONENTS_FILE),
            SyncManifests.components(
                install.version(), install.components(), Kustomizer.render(objects)));
        out.println("✔ generated component manifests");
        commitAndPush(
            ws,
            "Add Capstan v" + install.version() + " component manifests",
            "component manifests");

        // sync manifests: written and committed before anything is applied, so that a push
        // rejected by the server leaves the cluster as it was
        out.println("► generating sync manifests");
        write(
            dir.resolve(SyncManifests.SYNC_FILE),
            SyncManifests.sync(
                install.namespace(),
                install.namespace(),
                settings.syncUrl(),
                settings.branch(),
                settings.secretName(),
                path,
                settings.interval(),
                settings.recurseSubmodules(),
                settings.sparseCheckout()));
        write(dir.resolve(SyncManifests.KUSTOMIZATION_FILE), SyncManifests.kustomization());
        out.println("✔ generated sync manifests");
        commitAndPush(ws, "Add Capstan sync manifests", "sync manifests");
        String revision = settings.branch() + "@sha1:" + ws.head();
        return new Pushed(objects, List.copyOf(Kustomizer.create().build(dir)), revision);
      }
    } finally {
      deleteTree(tmp);
    }
  }

  /**
   * The cluster phase: installs the components, the image pull and source Secrets, applies the sync
   * objects and waits until they are Ready at the pushed revision.
   */
  private void reconcileCluster(KubernetesClient client, Pushed pushed) {
    InstallOptions install = settings.install();
    out.println("► installing components in \"" + install.namespace() + "\" namespace");
    out.flush();
    apply(client, List.copyOf(pushed.components()));
    out.println("✔ installed components");
    if (settings.imagePullSecretData() != null) {
      applySecret(
          client,
          install.namespace(),
          install.imagePullSecret(),
          "kubernetes.io/dockerconfigjson",
          settings.imagePullSecretData());
      out.println("✔ reconciled image pull secret " + install.imagePullSecret());
    }
    new RolloutWait(client, install.namespace(), Duration.ofSeconds(2))
        .await(install.components(), settings.timeout(), out);
    out.println("✔ reconciled components");

    out.println(
        "► determining if source secret \""
            + install.namespace()
            + "/"
            + settings.secretName()
            + "\" exists");
    applySecret(
        client, install.namespace(), settings.secretName(), "Opaque", settings.secretData());
    out.println("✔ source secret up to date");

    out.println("► applying sync manifests");
    out.flush();
    apply(client, List.copyOf(pushed.sync()));
    out.println("✔ reconciled sync configuration");
    String revision = pushed.revision();
    out.println(
        "◎ waiting for GitRepository \""
            + install.namespace()
            + "/"
            + install.namespace()
            + "\" to be reconciled");
    out.flush();
    awaitReady(client, GIT_REPOSITORIES, install.namespace(), revision);
    out.println("✔ GitRepository reconciled successfully");
    out.println(
        "◎ waiting for Kustomization \""
            + install.namespace()
            + "/"
            + install.namespace()
            + "\" to be reconciled");
    out.flush();
    awaitReady(client, KUSTOMIZATIONS, install.namespace(), revision);
    out.println("✔ Kustomization reconciled successfully");
    out.println("✔ bootstrap finished");
    out.flush();
  }

  /**
   * Clones the branch; when the remote is empty or lacks the branch, starts a new repository whose
   * first commit creates it (Flux's Git client does the same).
   */
  private GitWorkspace cloneOrInit(GitRemote remote, Path directory) throws GitException {
    try {
      GitWorkspace ws =
          GitWorkspace.clone(remote, GitReference.branch(settings.branch()), directory);
      out.println("✔ cloned repository");
      return ws;
    } catch (GitException.ReferenceNotFound e) {
      deleteTree(directory);
      out.println(
          "✔ branch \""
              + settings.branch()
              + "\" not found (empty repository?): it is created by the first commit");
      return GitWorkspace.init(remote, settings.branch(), directory);
    }
  }

  private void commitAndPush(GitWorkspace ws, String message, String what) throws GitException {
    String full =
        settings.messageAppendix().isEmpty()
            ? message
            : message + "\n\n" + settings.messageAppendix();
    GitCommitRequest request = GitCommitRequest.of(settings.author(), settings.authorEmail(), full);
    if (settings.signer() != null) {
      request = request.signedBy(settings.signer());
    }
    Optional<String> commit = ws.commit(request);
    if (commit.isEmpty()) {
      out.println("✔ " + what + " are up to date");
      return;
    }
    out.println(
        "✔ committed " + what + " to \"" + settings.branch() + "\" (\"" + commit.get() + "\")");
    out.println("► pushing " + what + " to \"" + settings.url() + "\"");
    out.flush();
    ws.push(List.of());
    out.println("✔ pushed " + what);
  }

  private static void applySecret(
      KubernetesClient client,
      String namespace,
      String name,
      String type,
      Map<String, byte[]> secretData) {
    Map<String, String> data = new LinkedHashMap<>();
    secretData.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v)));
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .endMetadata()
            .withType(type)
            .withData(data)
            .build();
    client
        .secrets()
        .inNamespace(namespace)
        .resource(secret)
        .fieldManager(InstallCommand.FIELD_MANAGER)
        .forceConflicts()
        .serverSideApply();
  }

  private static void apply(KubernetesClient client, List<JsonNode> objects) {
    try {
      new ServerSideApplier(client).applyJson(objects, InstallCommand.applyOptions());
    } catch (ApplyException e) {
      throw new IllegalStateException("apply failed: " + e.getMessage().replace('\n', ' '));
    }
  }

  /** Waits for {@code Ready=True} with the object's revision at {@code revision}. */
  private void awaitReady(
      KubernetesClient client, ResourceDefinitionContext type, String namespace, String revision) {
    long deadline = System.nanoTime() + settings.timeout().toNanos();
    String last = "not found";
    while (System.nanoTime() < deadline) {
      GenericKubernetesResource r =
          client.genericKubernetesResources(type).inNamespace(namespace).withName(namespace).get();
      if (r != null) {
        Map<String, Object> status = r.get("status");
        String observed =
            type == GIT_REPOSITORIES
                ? String.valueOf(r.<Object>get("status", "artifact", "revision"))
                : String.valueOf(r.<Object>get("status", "lastAppliedRevision"));
        last = "no Ready condition";
        Object conditions = status == null ? null : status.get("conditions");
        if (conditions instanceof List<?> list) {
          for (Object c : list) {
            if (c instanceof Map<?, ?> m && "Ready".equals(m.get("type"))) {
              last = m.get("reason") + ": " + m.get("message");
              if ("True".equals(m.get("status")) && revision.equals(observed)) {
                return;
              }
            }
          }
        }
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
    throw new IllegalStateException(
        type.getKind()
            + " "
            + namespace
            + "/"
            + namespace
            + " not Ready at "
            + revision
            + " within "
            + settings.timeout()
            + ": "
            + last);
  }

  private static void write(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path createTempDirectory() {
    try {
      return Files.createTempDirectory("capstan-bootstrap-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      List<Path> all = new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // a temp directory: best effort
    }
  }
}
