package io.capstan.local.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.RefSpec;

/**
 * The Git server of {@code capstan run --local}: JGit's smart-HTTP servlet on Jetty, listening on
 * 127.0.0.1 only (ephemeral port), serving bare repositories by name, clone, fetch and push without
 * credentials. Nothing beyond the loopback interface can reach it, which is what makes "no
 * credentials" acceptable for a local demo.
 *
 * <pre>{@code
 * try (LocalGitServer server = LocalGitServer.start()) {
 *   RevCommit first = server.create("webapp", dir, "main", "first version", files);
 *   URI url = server.url("webapp"); // http://127.0.0.1:PORT/webapp.git
 * }
 * }</pre>
 *
 * <p>toolkit-testing's {@code GitHttpServer} is the test fixture with authentication, TLS and a
 * request log; this class is the small product part.
 */
public final class LocalGitServer implements AutoCloseable {

  /** Author and committer of the commits this server creates. */
  public static final PersonIdent AUTHOR = new PersonIdent("Capstan", "capstan@localhost");

  private final Server jetty = new Server();
  private final Map<String, Repository> repositories = new ConcurrentHashMap<>();

  private LocalGitServer() {}

  /** Starts a server on an ephemeral 127.0.0.1 port. */
  public static LocalGitServer start() {
    LocalGitServer server = new LocalGitServer();
    server.startJetty();
    return server;
  }

  private void startJetty() {
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    GitServlet git = new GitServlet();
    git.setRepositoryResolver(
        (request, name) -> {
          Repository repository = repositories.get(repositoryName(name));
          if (repository == null) {
            throw new RepositoryNotFoundException(name);
          }
          repository.incrementOpen();
          return repository;
        });
    git.setReceivePackFactory((request, repository) -> new ReceivePack(repository));
    ServletContextHandler context = new ServletContextHandler("/");
    context.addServlet(new ServletHolder(git), "/*");
    jetty.setHandler(context);
    try {
      jetty.start();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot start the local Git server", e);
    }
  }

  /**
   * Creates a bare repository at {@code directory} whose {@code branch} holds one commit of {@code
   * files} (path to UTF-8 content), serves it as {@code name}, and returns the commit. The server
   * owns the repository from then on and closes it in {@link #close()}.
   *
   * @throws IllegalArgumentException if {@code directory} exists and is not empty, or a path is not
   *     a relative path inside the repository
   */
  public RevCommit create(
      String name, Path directory, String branch, String message, Map<String, String> files) {
    if (Files.exists(directory) && !isEmptyDirectory(directory)) {
      throw new IllegalArgumentException(directory + " exists and is not empty");
    }
    files.keySet().forEach(LocalGitServer::checkRelative);
    Path work = null;
    try {
      Repository bare =
          Git.init()
              .setBare(true)
              .setInitialBranch(branch)
              .setDirectory(directory.toFile())
              .call()
              .getRepository();
      work = Files.createTempDirectory("capstan-git-seed");
      RevCommit commit;
      try (Git seed = Git.init().setInitialBranch(branch).setDirectory(work.toFile()).call()) {
        for (Map.Entry<String, String> file : files.entrySet()) {
          Path target = work.resolve(file.getKey());
          Files.createDirectories(target.getParent());
          Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
        }
        seed.add().addFilepattern(".").call();
        commit =
            seed.commit()
                .setMessage(message)
                .setAuthor(AUTHOR)
                .setCommitter(AUTHOR)
                .setSign(false)
                .call();
        seed.push()
            .setRemote(directory.toUri().toString())
            .setRefSpecs(new RefSpec("refs/heads/" + branch + ":refs/heads/" + branch))
            .call();
      }
      repositories.put(repositoryName(name), bare);
      return commit;
    } catch (GitAPIException e) {
      throw new IllegalStateException("Cannot create the repository at " + directory, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteQuietly(work);
    }
  }

  /** The clone URL of a served repository: {@code http://127.0.0.1:PORT/<name>.git}. */
  public URI url(String name) {
    return URI.create("http://127.0.0.1:" + port() + "/" + repositoryName(name) + ".git");
  }

  /** The listening port. */
  public int port() {
    return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
  }

  /** Stops the server and closes the repositories it serves. */
  @Override
  public void close() {
    try {
      jetty.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot stop the local Git server", e);
    } finally {
      repositories.values().forEach(Repository::close);
      repositories.clear();
    }
  }

  private static String repositoryName(String name) {
    String trimmed = name.startsWith("/") ? name.substring(1) : name;
    return trimmed.endsWith(".git") ? trimmed.substring(0, trimmed.length() - 4) : trimmed;
  }

  private static void checkRelative(String file) {
    Path path = Path.of(file).normalize();
    if (path.isAbsolute()
        || path.toString().isEmpty()
        || path.startsWith("..")
        || path.startsWith(".git")
        || !path.toString().equals(file.replace('\\', '/'))) {
      throw new IllegalArgumentException("Not a file path in a repository: " + file);
    }
  }

  private static boolean isEmptyDirectory(Path directory) {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  private static void deleteQuietly(Path root) {
    if (root == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary directory is harmless
    }
  }
}
