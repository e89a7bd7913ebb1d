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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code capstan bootstrap git}: {@code flux bootstrap git} for Capstan. See {@link GitBootstrap}
 * for the sequence; this class maps Flux's flags to its settings: the clone's credentials (basic
 * auth for http(s), the SSH key for ssh), and, as Flux v2.9 does, the sync Secret and URL: with
 * {@code --token-auth} the username/password (+ {@code ca.crt}) over HTTPS, otherwise an SSH deploy
 * key — given or generated — with the host key scanned into {@code known_hosts}, the URL turned
 * into {@code ssh://} (host from {@code --ssh-hostname} when set).
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
      names = "--token-auth",
      description =
          "Store --username/--password (a token) in the sync Secret and sync over HTTPS, instead of"
              + " an SSH deploy key (Flux's --token-auth).")
  boolean tokenAuth;

  @Option(
      names = "--allow-insecure-http",
      description = "Allow an http:// --url (Flux refuses it otherwise).")
  boolean allowInsecureHttp;

  @Option(
      names = "--ca-file",
      description = "TLS CA file for an https server with a self-signed certificate (ca.crt).")
  Path caFile;

  @Option(
      names = "--secret-name",
      defaultValue = "flux-system",
      description = "Name of the Secret holding the sync credentials (default: ${DEFAULT-VALUE}).")
  String secretName;

  @Option(
      names = "--ssh-hostname",
      defaultValue = "",
      description = "SSH host[:port] to sync from when it differs from the HTTPS one.")
  String sshHostname;

  @Option(
      names = "--ssh-key-algorithm",
      defaultValue = "ecdsa",
      description = "Generated SSH key algorithm: rsa, ecdsa, ed25519 (default: ${DEFAULT-VALUE}).")
  String sshKeyAlgorithm;

  @Option(
      names = "--ssh-rsa-bits",
      defaultValue = "2048",
      description = "Generated RSA key size (default: ${DEFAULT-VALUE}).")
  int sshRsaBits;

  @Option(
      names = "--ssh-ecdsa-curve",
      defaultValue = "p384",
      description = "Generated ECDSA key curve: p256, p384, p521 (default: ${DEFAULT-VALUE}).")
  String sshEcdsaCurve;

  @Option(
      names = "--recurse-submodules",
      description = "The GitRepository includes Git submodules in its artifact.")
  boolean recurseSubmodules;

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
    if (!List.of("http", "https", "ssh").contains(scheme)) {
      throw new IllegalArgumentException(
          "invalid --url '" + url + "': the scheme must be http, https or ssh");
    }
    if (scheme.equals("http") && !allowInsecureHttp) {
      throw new IllegalArgumentException(
          "scheme http is insecure, pass --allow-insecure-http=true to allow it");
    }
    if (!SECRET_NAME.matcher(secretName).matches()) {
      throw new IllegalArgumentException(
          "invalid --secret-name '" + secretName + "': must be a DNS-1123 subdomain");
    }
    SshIdentity.KeyAlgorithm algorithm =
        new SshIdentity.KeyAlgorithm(sshKeyAlgorithm, sshRsaBits, sshEcdsaCurve);
    byte[] ca = caFile == null ? null : read(caFile);
    if (tokenAuth && password.isEmpty()) {
      throw new IllegalArgumentException("--token-auth needs --password (the token)");
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

    // credentials of the clone and pushes (Flux's transportForURL / getAuthOpts)
    Map<String, byte[]> cloneAuth = new LinkedHashMap<>();
    if (!scheme.equals("ssh")) {
      if (!password.isEmpty()) {
        cloneAuth.put("username", username.getBytes(StandardCharsets.UTF_8));
        cloneAuth.put("password", password.getBytes(StandardCharsets.UTF_8));
      }
      if (ca != null) {
        cloneAuth.put("ca.crt", ca);
      }
    }

    // the sync Secret and URL (Flux: token auth keeps HTTP(S), otherwise SSH with a deploy key)
    Map<String, byte[]> data = new LinkedHashMap<>();
    String syncUrl;
    if (tokenAuth) {
      data.put("username", username.getBytes(StandardCharsets.UTF_8));
      data.put("password", password.getBytes(StandardCharsets.UTF_8));
      if (ca != null) {
        data.put("ca.crt", ca);
      }
      syncUrl = tokenSyncUrl(uri, scheme, allowInsecureHttp);
    } else {
      URI ssh = sshSyncUrl(uri, username, sshHostname);
      data.putAll(SshIdentity.secretData(ssh, privateKeyFile, algorithm, silent, timeout, out));
      syncUrl = ssh.toString();
      if (scheme.equals("ssh")) {
        cloneAuth.putAll(data);
      }
    }
    return new GitBootstrap.Settings(
        url,
        cloneAuth,
        syncUrl,
        secretName,
        recurseSubmodules,
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

  private static final java.util.regex.Pattern SECRET_NAME =
      java.util.regex.Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

  /**
   * Flux's sync URL with {@code --token-auth}: no user info; a non-HTTP URL loses its port; {@code
   * https} unless {@code --allow-insecure-http}.
   */
  static String tokenSyncUrl(URI uri, String scheme, boolean allowInsecureHttp) {
    boolean http = scheme.equals("http") || scheme.equals("https");
    String newScheme = allowInsecureHttp ? scheme : "https";
    int port = http ? uri.getPort() : -1;
    return newScheme
        + "://"
        + uri.getHost()
        + (port < 0 ? "" : ":" + port)
        + (uri.getRawPath() == null ? "" : uri.getRawPath());
  }

  /**
   * Flux's sync URL without {@code --token-auth}: {@code ssh://}, the URL's user kept unless a
   * {@code --username} other than {@code git} is given, the host replaced by {@code --ssh-hostname}
   * when set.
   */
  static URI sshSyncUrl(URI uri, String username, String sshHostname) {
    String user = uri.getUserInfo();
    if (user == null || user.isEmpty() || !username.equals("git")) {
      user = username;
    } else if (user.contains(":")) {
      user = user.substring(0, user.indexOf(':'));
    }
    String host =
        sshHostname.isEmpty()
            ? uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
            : sshHostname;
    return URI.create(
        "ssh://" + user + "@" + host + (uri.getRawPath() == null ? "" : uri.getRawPath()));
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("unable to read " + file, e);
    }
  }
}
