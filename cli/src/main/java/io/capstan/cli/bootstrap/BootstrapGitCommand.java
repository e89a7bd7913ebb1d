package io.capstan.cli.bootstrap;

import io.capstan.cli.install.InstallFlags;
import io.capstan.git.GitException;
import io.capstan.git.OpenPgpCommitSigner;
import io.capstan.runtime.process.ControllerMain;
import io.capstan.runtime.process.GoDurationConverter;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code capstan bootstrap git}: {@code flux bootstrap git} for Capstan. See {@link GitBootstrap}
 * for the sequence; this class maps Flux's flags to its settings and builds the {@code flux-system}
 * Secret's data (basic auth, or an SSH identity — given or generated — with the host key scanned
 * into {@code known_hosts}).
 */
@Command(
    name = "git",
    sortOptions = false,
    description = {
      "Bootstrap Capstan from a Git repository (flux bootstrap git's flags).",
      "Commits <path>/flux-system/{gotk-components,gotk-sync,kustomization}.yaml when they change,",
      "installs the controllers and syncs the cluster from the repository."
    })
public final class BootstrapGitCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--url",
      required = true,
      description = "Git repository URL (http, https or ssh://).")
  String url;

  @Option(
      names = "--branch",
      defaultValue = "main",
      description = "Git branch (default: ${DEFAULT-VALUE}).")
  String branch;

  @Option(
      names = "--path",
      defaultValue = "",
      description = "Path relative to the repository root, e.g. clusters/my-cluster.")
  String path;

  @Option(
      names = {"-u", "--username"},
      defaultValue = "git",
      description = "Basic auth username (default: ${DEFAULT-VALUE}).")
  String username;

  @Option(
      names = {"-p", "--password"},
      defaultValue = "",
      description = "Basic auth password or token.")
  String password;

  @Option(
      names = "--private-key-file",
      description = "SSH private key (identity) for an ssh:// URL; generated when absent.")
  Path privateKeyFile;

  @Option(
      names = {"-s", "--silent"},
      description = "Assume yes to the deploy-key question (non-interactive).")
  boolean silent;

  @Option(
      names = "--author-name",
      defaultValue = "Flux",
      description = "Commit author name (default: ${DEFAULT-VALUE}).")
  String authorName;

  @Option(
      names = "--author-email",
      defaultValue = "capstan@localhost",
      description =
          "Commit author email (default: ${DEFAULT-VALUE}; Flux leaves it empty, toolkit-git"
              + " commits need one).")
  String authorEmail;

  @Option(
      names = "--commit-message-appendix",
      defaultValue = "",
      description = "Appended to the commit messages after a blank line.")
  String commitMessageAppendix;

  @Option(
      names = "--gpg-key-ring",
      description = "Armored OpenPGP secret key ring to sign commits.")
  Path gpgKeyRing;

  @Option(names = "--gpg-passphrase", defaultValue = "", description = "Passphrase of the key.")
  String gpgPassphrase;

  @Option(
      names = "--gpg-key-id",
      defaultValue = "",
      description = "Key ID (hex, suffix match) of the signing key to use.")
  String gpgKeyId;

  @Option(
      names = "--interval",
      defaultValue = "1m",
      converter = GoDurationConverter.class,
      description = "The GitRepository's sync interval (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @CommandLine.Mixin InstallFlags install = new InstallFlags();

  @Option(
      names = "--timeout",
      defaultValue = "5m",
      converter = GoDurationConverter.class,
      description = "Timeout of each Git operation and wait (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--kubeconfig", description = "Kubeconfig file (default: $KUBECONFIG, ~/.kube).")
  Path kubeconfig;

  @Override
  public Integer call() throws GitException {
    PrintWriter out = spec.commandLine().getOut();
    GitBootstrap.checkPath(path);
    GitBootstrap.Settings settings = settings(out);
    Config config =
        kubeconfig != null
            ? Config.fromKubeconfig(kubeconfig.toFile())
            : Config.autoConfigure(null);
    try (KubernetesClient client = ControllerMain.connect(config)) {
      new GitBootstrap(settings, out).run(client);
    }
    return 0;
  }

  /**
   * The settings the flags describe; for SSH, reads or generates the key and scans the host key.
   */
  GitBootstrap.Settings settings(PrintWriter out) throws GitException {
    URI uri = URI.create(url);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    Map<String, byte[]> data = new LinkedHashMap<>();
    switch (scheme) {
      case "http", "https" -> {
        if (!password.isEmpty()) {
          data.put("username", username.getBytes(StandardCharsets.UTF_8));
          data.put("password", password.getBytes(StandardCharsets.UTF_8));
        }
      }
      case "ssh" -> data.putAll(SshIdentity.secretData(uri, privateKeyFile, silent, timeout, out));
      default ->
          throw new IllegalArgumentException(
              "invalid --url '" + url + "': the scheme must be http, https or ssh");
    }
    OpenPgpCommitSigner signer = null;
    if (gpgKeyRing != null) {
      signer = OpenPgpCommitSigner.of(read(gpgKeyRing), gpgPassphrase);
      String id = signer.keyId().toLowerCase(Locale.ROOT);
      if (!gpgKeyId.isEmpty() && !id.endsWith(gpgKeyId.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(
            "--gpg-key-id "
                + gpgKeyId
                + " does not match the signing key of --gpg-key-ring ("
                + id
                + ")");
      }
    }
    return new GitBootstrap.Settings(
        url,
        branch,
        path,
        data,
        install.options(),
        authorName,
        authorEmail,
        commitMessageAppendix,
        signer,
        interval,
        timeout);
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("unable to read " + file, e);
    }
  }
}
