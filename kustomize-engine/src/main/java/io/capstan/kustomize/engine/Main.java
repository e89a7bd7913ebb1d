package io.capstan.kustomize.engine;

import io.capstan.kustomize.engine.remote.RemoteLoading;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Command line: {@code capstan-kustomize build DIR [--load-restrictor LoadRestrictionsNone]
 * [--no-remote-bases]}. As with {@code kubectl kustomize}, DIR may be a Git repository URL with a
 * path suffix ({@code https://host/org/repo//path?ref=v1}), and remote resources and bases are
 * fetched; {@code --no-remote-bases} refuses Git repositories as Flux's flag of that name does.
 */
public final class Main {
  private Main() {}

  /** Runs the CLI; exits 0 on success, 1 on a build error, 2 on a usage error. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length < 1 || !args[0].equals("build")) {
      err.println(
          "usage: capstan-kustomize build DIR [--load-restrictor LoadRestrictionsNone]"
              + " [--no-remote-bases]");
      return 2;
    }
    String dir = ".";
    boolean rootOnly = true;
    RemoteLoading remote = RemoteLoading.enabled();
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--load-restrictor") && i + 1 < args.length) {
        rootOnly = !args[++i].equals("LoadRestrictionsNone");
      } else if (a.startsWith("--load-restrictor=")) {
        rootOnly = !a.endsWith("=LoadRestrictionsNone");
      } else if (a.equals("--no-remote-bases") || a.equals("--no-remote-bases=true")) {
        remote = RemoteLoading.noRemoteBases();
      } else if (a.equals("--no-remote-bases=false")) {
        remote = RemoteLoading.enabled();
      } else {
        dir = a;
      }
    }
    try {
      var objects = Kustomizer.create(new Kustomizer.Options(rootOnly, remote)).build(dir);
      byte[] bytes = Kustomizer.render(objects).getBytes(StandardCharsets.UTF_8);
      out.write(bytes, 0, bytes.length);
      out.flush();
      return 0;
    } catch (KustomizeException e) {
      err.println("Error: " + e.getMessage().replace('\n', ' '));
      return 1;
    } catch (RuntimeException | StackOverflowError e) {
      err.println("Error: internal error: " + e);
      return 1;
    }
  }
}
