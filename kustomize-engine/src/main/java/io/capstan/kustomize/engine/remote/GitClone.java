package io.capstan.kustomize.engine.remote;

import io.capstan.kustomize.engine.KustomizeException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * One clone of a {@link RepoSpec} through JGit, as kustomize's git cloner does it: init, remote
 * {@code origin}, fetch of the one ref with depth 1, checkout of what was fetched, submodules when
 * asked. A commit id that the server does not advertise is fetched without depth. The spec's
 * timeout bounds the whole clone; {@code maxBytes} bounds the directory while it is written.
 */
final class GitClone {
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{4,40}");
  private static final String TARGET = "refs/capstan/target";

  private final RepoSpec spec;
  private final Path directory;
  private final Bounds bounds;
  private TransportConfigCallback transport = t -> {};

  GitClone(RepoSpec spec, Path directory, long maxBytes) {
    this.spec = spec;
    this.directory = directory;
    this.bounds = new Bounds(directory, System.nanoTime() + spec.timeout().toNanos(), maxBytes);
  }

  /**
   * The SSH directory used for {@code ssh://} and {@code git@host:} bases, as the {@code git}
   * binary in Flux's kustomize-controller image uses the container's OpenSSH configuration: the
   * system property {@value #SSH_DIRECTORY_PROPERTY}, else {@code ~/.ssh} (its {@code config},
   * {@code known_hosts} and {@code id_*} keys; an unknown host key is refused).
   */
  public static final String SSH_DIRECTORY_PROPERTY = "capstan.kustomize.sshDirectory";

  void run() {
    try (SshSessions ssh = new SshSessions()) {
      run(ssh);
    }
  }

  private void run(SshSessions ssh) {
    String url = spec.cloneUrl();
    transport = ssh::configure;
    int timeoutSeconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, spec.timeout().toSeconds()));
    try (Git git = Git.init().setDirectory(directory.toFile()).setInitialBranch("main").call()) {
      Repository repository = git.getRepository();
      StoredConfig config = repository.getConfig();
      config.setString("remote", "origin", "url", url); // relative submodule URLs resolve on it
      config.save();
      Collection<Ref> advertised =
          Git.lsRemoteRepository()
              .setRemote(url)
              .setTimeout(timeoutSeconds)
              .setTransportConfigCallback(transport)
              .call();
      bounds.check(url);
      String ref = spec.ref().isEmpty() ? "HEAD" : spec.ref();
      Ref match = match(advertised, ref);
      ObjectId commit;
      if (match != null) {
        fetch(git, timeoutSeconds, 1, new RefSpec("+" + match.getName() + ":" + TARGET));
        commit = repository.resolve(TARGET + "^{commit}");
      } else if (HEX.matcher(ref).matches()) {
        commit = fetchCommit(git, repository, timeoutSeconds, ref);
      } else {
        throw new KustomizeException(
            "git ref '"
                + ref
                + "' not found in '"
                + url
                + "' (no branch, tag or commit of that name)");
      }
      if (commit == null) {
        throw new KustomizeException("git ref '" + ref + "' of '" + url + "' is not a commit");
      }
      git.checkout().setName(commit.name()).call();
      bounds.check(url);
      if (spec.submodules() && Files.exists(directory.resolve(".gitmodules"))) {
        git.submoduleInit().call();
        git.submoduleUpdate().setProgressMonitor(bounds).call();
        bounds.check(url);
      }
    } catch (GitAPIException | IOException | RuntimeException e) {
      if (e instanceof KustomizeException k && bounds.reason() == null) {
        throw k;
      }
      throw failure(url, e);
    }
  }

  private ObjectId fetchCommit(Git git, Repository repository, int timeoutSeconds, String ref)
      throws GitAPIException, IOException {
    if (ref.length() == 40) {
      try {
        fetch(git, timeoutSeconds, 1, new RefSpec(ref.toLowerCase() + ":" + TARGET));
        ObjectId fetched = repository.resolve(TARGET + "^{commit}");
        if (fetched == null) {
          fetched = repository.resolve(ref + "^{commit}");
        }
        if (fetched != null) {
          return fetched;
        }
      } catch (GitAPIException e) {
        if (bounds.reason() != null) {
          throw e;
        }
        // the server does not serve unadvertised commits: fetch the branches and tags instead
      }
    }
    fetch(
        git,
        timeoutSeconds,
        0,
        new RefSpec("+refs/heads/*:refs/remotes/origin/*"),
        new RefSpec("+refs/tags/*:refs/tags/*"));
    ObjectId commit = repository.resolve(ref + "^{commit}");
    if (commit == null) {
      throw new KustomizeException("git ref '" + ref + "' not found in '" + spec.cloneUrl() + "'");
    }
    return commit;
  }

  private void fetch(Git git, int timeoutSeconds, int depth, RefSpec... refSpecs)
      throws GitAPIException {
    var fetch =
        git.fetch()
            .setRemote("origin")
            .setRefSpecs(refSpecs)
            .setTagOpt(TagOpt.NO_TAGS)
            .setTimeout(timeoutSeconds)
            .setTransportConfigCallback(transport)
            .setProgressMonitor(bounds);
    if (depth > 0) {
      fetch.setDepth(depth);
    }
    fetch.call();
    bounds.check(spec.cloneUrl());
  }

  /** git's order for a short name: as is, refs/, refs/tags/, refs/heads/, refs/remotes/. */
  static Ref match(Collection<Ref> advertised, String ref) {
    for (String candidate :
        List.of(
            ref,
            "refs/" + ref,
            "refs/tags/" + ref,
            "refs/heads/" + ref,
            "refs/remotes/" + ref,
            "refs/remotes/" + ref + "/HEAD")) {
      for (Ref r : advertised) {
        if (r.getName().equals(candidate)) {
          return r;
        }
      }
    }
    return null;
  }

  private KustomizeException failure(String url, Exception e) {
    String where =
        "cloning '" + url + "'" + (spec.ref().isEmpty() ? "" : " at '" + spec.ref() + "'");
    bounds.isCancelledNow(true); // a read timeout past the deadline is reported as the timeout
    String reason = bounds.reason();
    if (reason != null) {
      return new KustomizeException(where + ": " + reason);
    }
    String message = e.getMessage();
    Throwable cause = e.getCause();
    if (cause != null && cause.getMessage() != null && !cause.getMessage().equals(message)) {
      message = message + ": " + cause.getMessage();
    }
    return new KustomizeException(where + ": " + message, e);
  }

  /** Cancels JGit when the deadline passes or the directory grows beyond the limit. */
  private static final class Bounds implements ProgressMonitor {
    private static final long CHECK_EVERY_NANOS = 200_000_000L;
    private final Path directory;
    private final long deadline;
    private final long maxBytes;
    private long lastCheck;
    private volatile String reason;

    Bounds(Path directory, long deadline, long maxBytes) {
      this.directory = directory;
      this.deadline = deadline;
      this.maxBytes = maxBytes;
    }

    String reason() {
      return reason;
    }

    /** Throws when a bound is exceeded (also checked between JGit's steps). */
    void check(String url) {
      if (isCancelledNow(true)) {
        throw new KustomizeException("cloning '" + url + "': " + reason);
      }
    }

    @Override
    public boolean isCancelled() {
      return isCancelledNow(false);
    }

    private boolean isCancelledNow(boolean force) {
      if (reason != null) {
        return true;
      }
      long now = System.nanoTime();
      if (now - deadline > 0) {
        reason = "timed out (the URL's timeout bounds the whole clone; ?timeout= raises it)";
        return true;
      }
      if (force || now - lastCheck > CHECK_EVERY_NANOS) {
        lastCheck = now;
        long size = size(directory);
        if (size > maxBytes) {
          reason = "the repository is larger than the limit of " + maxBytes + " bytes";
          return true;
        }
      }
      return false;
    }

    private static long size(Path root) {
      try (Stream<Path> paths = Files.walk(root)) {
        return paths
            .filter(Files::isRegularFile)
            .mapToLong(
                p -> {
                  try {
                    return Files.size(p);
                  } catch (IOException e) {
                    return 0; // a temporary pack file renamed meanwhile
                  }
                })
            .sum();
      } catch (IOException | UncheckedIOException e) {
        return 0;
      }
    }

    @Override
    public void start(int totalTasks) {}

    @Override
    public void beginTask(String title, int totalWork) {}

    @Override
    public void update(int completed) {}

    @Override
    public void endTask() {}

    @Override
    public void showDuration(boolean enabled) {}
  }

  /** A JGit SSH session factory over the controller's SSH directory, built on first use. */
  private static final class SshSessions implements AutoCloseable {
    private SshdSessionFactory factory;

    void configure(Transport transport) {
      if (transport instanceof SshTransport ssh) {
        if (factory == null) {
          File home = new File(System.getProperty("user.home"));
          String dir = System.getProperty(SSH_DIRECTORY_PROPERTY);
          File sshDir = dir == null || dir.isEmpty() ? new File(home, ".ssh") : new File(dir);
          factory =
              new SshdSessionFactoryBuilder()
                  .setHomeDirectory(home)
                  .setSshDirectory(sshDir)
                  .setPreferredAuthentications("publickey")
                  .build(null);
        }
        ssh.setSshSessionFactory(factory);
      }
    }

    @Override
    public void close() {
      if (factory != null) {
        factory.close();
      }
    }
  }
}
