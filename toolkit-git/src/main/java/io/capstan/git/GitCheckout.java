package io.capstan.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;

/**
 * One Git checkout, configured fluently and run once with {@link #call()} (JGit's command style):
 *
 * <pre>{@code
 * CheckoutResult r = new GitCheckout()
 *     .url("https://example.com/repo.git")
 *     .auth(GitAuth.fromSecret(url, secretData))
 *     .reference(GitReference.branch("main"))
 *     .lastObservedCommit(status.artifact.revision)
 *     .timeout(Duration.ofSeconds(60))
 *     .into(tempDir)
 *     .call();
 * }</pre>
 *
 * <p>Guarantees: the reference is resolved with one ls-remote; when {@link #lastObservedCommit}
 * equals the resolved revision the result is {@link CheckoutResult.Unchanged} and no objects are
 * fetched. Otherwise only the needed reference is fetched (depth 1 when {@link #shallow} and the
 * reference allows it: every kind but a commit) and its tree is written into the target directory.
 * Each call uses its own transport configuration and directory, so concurrent checkouts of the same
 * URL do not interfere. Credentials never appear in exception messages.
 */
public final class GitCheckout {

  private String url;
  private GitAuth auth;
  private GitProxy proxy;
  private GitReference reference = GitReference.defaultBranch();
  private String lastObservedCommit;
  private boolean shallow = true;
  private boolean recurseSubmodules;
  private List<String> sparseCheckout = List.of();
  private Duration timeout = Duration.ofSeconds(60);
  private Path directory;
  private boolean credentialsOverHttp = true;

  /** The repository URL ({@code http}, {@code https} or {@code ssh}). */
  public GitCheckout url(String url) {
    this.url = Objects.requireNonNull(url, "url");
    return this;
  }

  /** Credentials; default: anonymous. */
  public GitCheckout auth(GitAuth auth) {
    this.auth = auth;
    return this;
  }

  /** A proxy for every remote operation; default: none (direct). */
  public GitCheckout proxy(GitProxy proxy) {
    this.proxy = proxy;
    return this;
  }

  /** What to check out; default: the {@code master} branch. */
  public GitCheckout reference(GitReference reference) {
    this.reference = reference == null ? GitReference.defaultBranch() : reference;
    return this;
  }

  /**
   * The revision of the last artifact (any Flux form, e.g. {@code main@sha1:<hex>}); when the
   * remote still points there, nothing is fetched. {@code null} always checks out.
   */
  public GitCheckout lastObservedCommit(String revision) {
    this.lastObservedCommit = revision == null || revision.isBlank() ? null : revision;
    return this;
  }

  /** Fetch only the tip commit where the reference allows it; default {@code true}. */
  public GitCheckout shallow(boolean shallow) {
    this.shallow = shallow;
    return this;
  }

  /** Initialise and check out submodules, recursively, with the same credentials. */
  public GitCheckout recurseSubmodules(boolean recurse) {
    this.recurseSubmodules = recurse;
    return this;
  }

  /** Write only these directories (relative, a leading {@code ./} is ignored); empty: all. */
  public GitCheckout sparseCheckout(List<String> paths) {
    List<String> clean = new ArrayList<>();
    for (String p : paths == null ? List.<String>of() : paths) {
      String s = p.strip();
      while (s.startsWith("./")) {
        s = s.substring(2);
      }
      while (s.endsWith("/")) {
        s = s.substring(0, s.length() - 1);
      }
      if (s.isEmpty() || s.startsWith("/") || List.of(s.split("/")).contains("..")) {
        throw new IllegalArgumentException("invalid sparse checkout path '" + p + "'");
      }
      clean.add(s);
    }
    this.sparseCheckout = List.copyOf(clean);
    return this;
  }

  /** The time allowed for the whole operation; default 60 s as Flux's {@code spec.timeout}. */
  public GitCheckout timeout(Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    this.timeout = timeout;
    return this;
  }

  /**
   * Whether credentials may be sent over plain {@code http://}; default {@code true}, as Flux's
   * source-controller allows it. With {@code false} such a checkout fails with {@link
   * GitException.InvalidAuth}.
   */
  public GitCheckout credentialsOverHttp(boolean allowed) {
    this.credentialsOverHttp = allowed;
    return this;
  }

  /** The directory to write the working tree into; it must be absent or empty. */
  public GitCheckout into(Path directory) {
    this.directory = Objects.requireNonNull(directory, "directory");
    return this;
  }

  /**
   * Runs the checkout.
   *
   * @return the checked-out commit, or {@link CheckoutResult.Unchanged} when the remote still
   *     points at the last observed commit
   * @throws GitException typed by cause: invalid credentials, authentication failure, unknown host
   *     key, reference not found, unreachable remote, timeout, other Git failure
   * @throws IllegalStateException if url or directory are missing or the directory is not empty
   */
  public CheckoutResult call() throws GitException {
    if (url == null || directory == null) {
      throw new IllegalStateException("url and into(directory) are required");
    }
    requireEmpty(directory);
    GitAuth effectiveAuth = auth != null ? auth : GitAuth.anonymous(url);
    if (!credentialsOverHttp
        && effectiveAuth.transport() == GitAuth.Transport.HTTP
        && effectiveAuth.kind() != GitAuth.Kind.NONE) {
      throw new GitException.InvalidAuth(
          effectiveAuth.kind() == GitAuth.Kind.BEARER
              ? "bearer token cannot be sent over HTTP"
              : "basic auth cannot be sent over HTTP");
    }
    DeadlineMonitor monitor = new DeadlineMonitor(Instant.now().plus(timeout));
    TransportSettings transport;
    try {
      transport = TransportSettings.of(effectiveAuth, proxy, timeout);
    } catch (IOException e) {
      throw new GitException.OperationFailed("unable to prepare SSH client: " + e.getMessage(), e);
    }
    try (transport;
        Watchdog watchdog = new Watchdog(timeout, transport::abort)) {
      TransportFailures failures =
          new TransportFailures(url, effectiveAuth, timeout, transport.knownHosts());
      String connectUrl = effectiveAuth.connectUrl(url);
      RemoteRefs refs;
      try {
        refs = listRemote(connectUrl, transport);
      } catch (GitAPIException | JGitInternalException e) {
        throw failures.classify(
            "unable to list remote for", e, monitor.passed() || watchdog.fired());
      }
      Target target = Target.resolve(reference, refs, url);
      CheckoutResult.Unchanged unchanged = target.unchanged(reference, lastObservedCommit);
      if (unchanged != null) {
        return unchanged;
      }
      try {
        return new WorkingTree(connectUrl, directory, transport, monitor, transportTimeoutSeconds())
            .materialize(reference, target, shallow, sparseCheckout, recurseSubmodules);
      } catch (GitAPIException | JGitInternalException | IOException | RevisionSyntaxException e) {
        throw failures.classify("unable to clone", e, monitor.passed() || watchdog.fired());
      }
    }
  }

  /**
   * One ls-remote. It runs against an in-memory repository whose config pins protocol v0, so the
   * refs come from a single {@code GET info/refs}: JGit would otherwise negotiate v2 and list refs
   * with an extra upload-pack POST.
   */
  private RemoteRefs listRemote(String connectUrl, TransportSettings transport)
      throws GitAPIException {
    try (InMemoryRepository scratch =
        new InMemoryRepository(new DfsRepositoryDescription("ls-remote"))) {
      scratch.getConfig().setInt("protocol", null, "version", 0);
      return RemoteRefs.of(
          Git.wrap(scratch)
              .lsRemote()
              .setRemote(connectUrl)
              .setTransportConfigCallback(transport)
              .setTimeout(transportTimeoutSeconds())
              .callAsMap());
    }
  }

  private int transportTimeoutSeconds() {
    return (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
  }

  private static void requireEmpty(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("checkout target is not a directory: " + dir);
    }
    try (var entries = Files.list(dir)) {
      if (entries.findAny().isPresent()) {
        throw new IllegalStateException("checkout target is not empty: " + dir);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read checkout target " + dir, e);
    }
  }
}
