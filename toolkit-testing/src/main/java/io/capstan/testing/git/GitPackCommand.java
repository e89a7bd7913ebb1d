package io.capstan.testing.git;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;

/**
 * One SSH exec request of a Git client, {@code git-upload-pack '<path>'} or {@code git-receive-pack
 * '<path>'}, served by JGit on its own thread.
 */
final class GitPackCommand implements Command {

  private final String commandLine;
  private final Function<String, Repository> repositories;
  private final BooleanSupplier pushAllowed;
  private final GitRequestLog log;
  private InputStream in;
  private OutputStream out;
  private OutputStream err;
  private ExitCallback exit;
  private Thread worker;

  GitPackCommand(
      String commandLine,
      Function<String, Repository> repositories,
      BooleanSupplier pushAllowed,
      GitRequestLog log) {
    this.commandLine = commandLine;
    this.repositories = repositories;
    this.pushAllowed = pushAllowed;
    this.log = log;
  }

  @Override
  public void setInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public void setOutputStream(OutputStream out) {
    this.out = out;
  }

  @Override
  public void setErrorStream(OutputStream err) {
    this.err = err;
  }

  @Override
  public void setExitCallback(ExitCallback exit) {
    this.exit = exit;
  }

  @Override
  public void start(ChannelSession channel, Environment env) {
    if (commandLine.trim().startsWith("git-upload-pack")) {
      log.record("SSH", commandLine, true, GitRequestLog.Kind.REF_ADVERTISEMENT);
      in =
          new WantDetector(
              in, () -> log.record("SSH", commandLine, true, GitRequestLog.Kind.UPLOAD_PACK));
    } else if (commandLine.trim().startsWith("git-receive-pack")) {
      log.record("SSH", commandLine, true, GitRequestLog.Kind.RECEIVE_PACK);
    } else {
      log.record("SSH", commandLine, true, GitRequestLog.Kind.OTHER);
    }
    worker = new Thread(() -> run(env), "capstan-git-ssh");
    worker.setDaemon(true);
    worker.start();
  }

  private void run(Environment env) {
    List<String> words = Arrays.asList(commandLine.trim().split("\\s+", 2));
    String service = words.get(0);
    String path = words.size() > 1 ? unquote(words.get(1)) : "";
    Repository repository = repositories.apply(path);
    try {
      if (repository == null) {
        fail("repository not found: " + path);
        return;
      }
      List<String> protocol = protocolParameters(env);
      switch (service) {
        case "git-upload-pack" -> {
          UploadPack upload = new UploadPack(repository);
          upload.setExtraParameters(protocol);
          upload.upload(in, out, err);
        }
        case "git-receive-pack" -> {
          if (!pushAllowed.getAsBoolean()) {
            fail("push is disabled on this test server");
            return;
          }
          new ReceivePack(repository).receive(in, out, err);
        }
        default -> {
          fail("unsupported command: " + service);
          return;
        }
      }
      out.flush();
      exit.onExit(0);
    } catch (Exception e) {
      exit.onExit(1, String.valueOf(e.getMessage()));
    }
  }

  private static List<String> protocolParameters(Environment env) {
    String protocol = env.getEnv().get("GIT_PROTOCOL");
    return protocol == null || protocol.isBlank() ? List.of() : List.of(protocol.split(":"));
  }

  private void fail(String message) throws java.io.IOException {
    err.write(("fatal: " + message + "\n").getBytes(StandardCharsets.UTF_8));
    err.flush();
    exit.onExit(128, message);
  }

  private static String unquote(String path) {
    String p = path.trim();
    if (p.length() >= 2
        && (p.startsWith("'") && p.endsWith("'") || p.startsWith("\"") && p.endsWith("\""))) {
      p = p.substring(1, p.length() - 1);
    }
    return p;
  }

  @Override
  public void destroy(ChannelSession channel) {
    if (worker != null) {
      worker.interrupt();
    }
  }
}
