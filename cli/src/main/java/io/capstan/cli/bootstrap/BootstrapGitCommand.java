package io.capstan.cli.bootstrap;

import io.capstan.cli.install.InstallFlags;
import io.capstan.git.CommitSigner;
import io.capstan.git.GitException;
import io.capstan.git.OpenPgpCommitSigner;
import io.capstan.git.SshCommitSigner;
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
      description =
          "Basic auth password or token; with --private-key-file the key's passphrase (stored in"
              + " the Secret as password, as Flux does).")
  String password;

  @Option(
      names = "--private-key-file",
      description = "SSH private key (identity) for an ssh:// URL; generated when absent.")
  Path privateKeyFile;

  @Option(
      names = "--with-bearer-token",
      description =
          "Use --password as a bearer token (Authorization header) for the clone and the sync"
              + " Secret's bearerToken; implies --token-auth.")
  boolean withBearerToken;

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
      names = "--ssh-hostkey-algos",
      split = ",",
      description =
          "Host key algorithms the SSH host key scan (and so the clone's known_hosts) accepts,"
              + " e.g. rsa-sha2-512,rsa-sha2-256.")
  List<String> sshHostKeyAlgorithms = List.of();

  @Option(
      names = "--sparse-checkout",
      split = ",",
      description =
          "Directories of the GitRepository's sparse checkout; --path must be one of them (or"
              + " below one).")
  List<String> sparseCheckout = List.of();

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
      names = "--ssh-signing-key-file",
      description = "SSH private key to sign the commits with (gpg.format=ssh signatures).")
  Path sshSigningKeyFile;

  @Option(
      names = "--ssh-signing-password",
      defaultValue = "",
      description = "Passphrase of --ssh-signing-key-file.")
  String sshSigningPassword;

  @Option(
      names = "--ssh-signing-passphrase",
      defaultValue = "",
      hidden = true,
      description = "Alias of --ssh-signing-password.")
  String sshSigningPassphrase;

  @Option(
      names = "--ssh-signing-reuse-private-key",
      description = "Sign the commits with the SSH transport key (--private-key-file).")
  boolean sshSigningReusePrivateKey;

  @Option(
      names = "--registry-creds",
      defaultValue = "",
      description =
          "Registry credentials 'user:password' stored in the --image-pull-secret Secret"
              + " (kubernetes.io/dockerconfigjson).")
  String registryCredential;

  @Option(
      names = "--force",
      description =
          "Override an existing installation managed by another tool (a CRD labelled"
              + " app.kubernetes.io/managed-by other than flux) without asking.")
  boolean force;

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
    boolean token = tokenAuth || withBearerToken;
    if (token && password.isEmpty()) {
      throw new IllegalArgumentException(
          (withBearerToken ? "--with-bearer-token" : "--token-auth")
              + " needs --password (the token)");
    }
    Map<String, byte[]> pullSecret = registryCredentials();
    List<String> sparse = sparseCheckout(path, sparseCheckout);
    CommitSigner signer = signer();

    // credentials of the clone and pushes (Flux's getAuthOpts)
    Map<String, byte[]> cloneAuth = new LinkedHashMap<>();
    if (!scheme.equals("ssh")) {
      if (withBearerToken) {
        cloneAuth.put("bearerToken", password.getBytes(StandardCharsets.UTF_8));
      } else if (!password.isEmpty()) {
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
    if (token) {
      if (withBearerToken) {
        data.put("bearerToken", password.getBytes(StandardCharsets.UTF_8));
      } else {
        data.put("username", username.getBytes(StandardCharsets.UTF_8));
        data.put("password", password.getBytes(StandardCharsets.UTF_8));
      }
      if (ca != null) {
        data.put("ca.crt", ca);
      }
      syncUrl = tokenSyncUrl(uri, scheme, allowInsecureHttp);
    } else {
      URI ssh = sshSyncUrl(uri, username, sshHostname);
      SshIdentity.Options options =
          new SshIdentity.Options(
              privateKeyFile, password, algorithm, sshHostKeyAlgorithms, silent, timeout);
      data.putAll(SshIdentity.secretData(ssh, options, out));
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
        sparse,
        pullSecret,
        force,
        interval,
        timeout);
  }

  /**
   * The {@code --image-pull-secret} Secret's data for {@code --registry-creds} (Flux's {@code
   * reconcileImagePullSecret}: one {@code auths} entry keyed by {@code --registry}), or null.
   */
  private Map<String, byte[]> registryCredentials() {
    if (registryCredential.isEmpty()) {
      return null;
    }
    String pullSecretName = install.options().imagePullSecret();
    if (pullSecretName == null || pullSecretName.isEmpty()) {
      throw new IllegalArgumentException("--registry-creds requires --image-pull-secret to be set");
    }
    String[] parts = registryCredential.split(":", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException(
          "invalid --registry-creds format, expected 'user:password'");
    }
    return Map.of(
        ".dockerconfigjson",
        RegistryCredentials.dockerConfigJson(install.options().registry(), parts[0], parts[1]));
  }

  /**
   * Flux's {@code --sparse-checkout}: the directories as given (the GitRepository's {@code
   * spec.sparseCheckout}); refused when {@code --path} is not one of them nor below one, since the
   * Kustomization would find nothing to apply.
   */
  static List<String> sparseCheckout(String path, List<String> directories) {
    if (directories == null || directories.isEmpty()) {
      return List.of();
    }
    String target = GitBootstrap.checkPath(path);
    for (String d : directories) {
      if (d.isBlank()) {
        throw new IllegalArgumentException("invalid --sparse-checkout: empty directory");
      }
      GitBootstrap.checkPath(d);
    }
    // the Kustomization applies <path>; with the repository root as path, flux-system/ at least
    String needed = target.isEmpty() ? SyncManifests.DIRECTORY : target;
    boolean covered =
        directories.stream()
            .map(d -> SyncManifests.kustomizationPath(d.trim()).substring(2))
            .anyMatch(d -> needed.equals(d) || needed.startsWith(d + "/"));
    if (!covered) {
      throw new IllegalArgumentException(
          "invalid --sparse-checkout "
              + String.join(",", directories)
              + ": the configured --path '"
              + path
              + "' must be one of them");
    }
    return List.copyOf(directories);
  }

  /**
   * The commit signer: OpenPGP ({@code --gpg-*}) or SSH ({@code --ssh-signing-key-file}, or the
   * transport key with {@code --ssh-signing-reuse-private-key}), checked as Flux's {@code
   * bootstrapValidate} and {@code preflightSigningKey} do, before anything is cloned.
   */
  private CommitSigner signer() throws GitException {
    boolean sshSigning = sshSigningKeyFile != null || sshSigningReusePrivateKey;
    if (gpgKeyRing != null && sshSigning) {
      throw new IllegalArgumentException(
          "--gpg-* and --ssh-signing-* are mutually exclusive; pick one signing format");
    }
    if (sshSigningKeyFile != null && sshSigningReusePrivateKey) {
      throw new IllegalArgumentException(
          "--ssh-signing-key-file and --ssh-signing-reuse-private-key are mutually exclusive");
    }
    if (sshSigningReusePrivateKey && privateKeyFile == null) {
      throw new IllegalArgumentException(
          "--ssh-signing-reuse-private-key requires --private-key-file");
    }
    String signingPassword = sshSigningPassword;
    if (!sshSigningPassphrase.isEmpty()) {
      if (!signingPassword.isEmpty() && !signingPassword.equals(sshSigningPassphrase)) {
        throw new IllegalArgumentException(
            "--ssh-signing-password and --ssh-signing-passphrase are aliases; do not pass both");
      }
      signingPassword = sshSigningPassphrase;
    }
    if (!signingPassword.isEmpty() && sshSigningKeyFile == null) {
      throw new IllegalArgumentException("--ssh-signing-password requires --ssh-signing-key-file");
    }
    if (sshSigningKeyFile != null) {
      try {
        return SshCommitSigner.of(read(sshSigningKeyFile), signingPassword);
      } catch (GitException.InvalidAuth e) {
        throw new IllegalArgumentException("invalid SSH signing key: " + e.getMessage());
      }
    }
    if (sshSigningReusePrivateKey) {
      try {
        return SshCommitSigner.of(read(privateKeyFile), password);
      } catch (GitException.InvalidAuth e) {
        throw new IllegalArgumentException(
            "invalid signing key (reused from --private-key-file): " + e.getMessage());
      }
    }
    if (gpgKeyRing != null) {
      OpenPgpCommitSigner gpg = OpenPgpCommitSigner.of(read(gpgKeyRing), gpgPassphrase);
      String id = gpg.keyId().toLowerCase(Locale.ROOT);
      if (!gpgKeyId.isEmpty() && !id.endsWith(gpgKeyId.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(
            "--gpg-key-id "
                + gpgKeyId
                + " does not match the signing key of --gpg-key-ring ("
                + id
                + ")");
      }
      return gpg;
    }
    return null;
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
