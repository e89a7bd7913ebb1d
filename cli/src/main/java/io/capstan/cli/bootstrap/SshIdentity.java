package io.capstan.cli.bootstrap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * The SSH part of {@code flux bootstrap git}: the {@code flux-system} Secret's {@code identity},
 * {@code identity.pub} and {@code known_hosts}. The identity is read from {@code
 * --private-key-file} (decrypted with {@code --password}), or generated as Flux does by default
 * (ECDSA P-384; RSA and Ed25519 on request) and its public key printed for the user to register as
 * a deploy key with write access. The host key is scanned from the server (as Flux's {@code
 * ssh-keyscan} equivalent: trusted on first use).
 */
final class SshIdentity {

  private SshIdentity() {}

  /**
   * Flux's {@code --ssh-key-algorithm} with {@code --ssh-rsa-bits} and {@code --ssh-ecdsa-curve}.
   *
   * @param algorithm {@code rsa}, {@code ecdsa} or {@code ed25519} (MINA SSHD's EdDSA support
   *     backed by Bouncy Castle)
   * @param rsaBits RSA key size (Flux: default 2048, between 1024 and 8192, a multiple of 8)
   * @param ecdsaCurve {@code p256}, {@code p384} or {@code p521}
   */
  record KeyAlgorithm(String algorithm, int rsaBits, String ecdsaCurve) {

    /** Flux's defaults: ECDSA P-384. */
    static final KeyAlgorithm DEFAULT = new KeyAlgorithm("ecdsa", 2048, "p384");

    /** Validates as Flux's flag types do, naming the accepted values. */
    KeyAlgorithm {
      algorithm = algorithm.toLowerCase(java.util.Locale.ROOT);
      ecdsaCurve = ecdsaCurve.toLowerCase(java.util.Locale.ROOT);
      if (!List.of("rsa", "ecdsa", "ed25519").contains(algorithm)) {
        throw new IllegalArgumentException(
            "invalid --ssh-key-algorithm '"
                + algorithm
                + "': unsupported public key algorithm, one of (rsa, ecdsa, ed25519)");
      }
      if (rsaBits < 1024 || rsaBits > 8192 || rsaBits % 8 != 0) {
        throw new IllegalArgumentException(
            "invalid --ssh-rsa-bits "
                + rsaBits
                + ": RSA key bit size must be a multiple of 8, between 1024 and 8192");
      }
      if (!List.of("p256", "p384", "p521").contains(ecdsaCurve)) {
        throw new IllegalArgumentException(
            "invalid --ssh-ecdsa-curve '"
                + ecdsaCurve
                + "': unsupported curve, one of (p256, p384, p521)");
      }
    }
  }

  /**
   * How the identity is obtained and the host key scanned.
   *
   * @param privateKeyFile the key file ({@code --private-key-file}), or null to generate one
   * @param password the key file's passphrase ({@code --password}), or empty; stored in the Secret
   *     as {@code password} with the key, as Flux does
   * @param algorithm the generated key's algorithm
   * @param hostKeyAlgorithms the host key algorithms the scan accepts ({@code
   *     --ssh-hostkey-algos}), empty for MINA SSHD's defaults
   * @param silent do not ask to confirm a generated key
   * @param timeout of the host key scan
   */
  record Options(
      Path privateKeyFile,
      String password,
      KeyAlgorithm algorithm,
      List<String> hostKeyAlgorithms,
      boolean silent,
      Duration timeout) {
    Options {
      password = password == null ? "" : password;
      hostKeyAlgorithms = hostKeyAlgorithms == null ? List.of() : List.copyOf(hostKeyAlgorithms);
    }
  }

  static Map<String, byte[]> secretData(
      URI url, Path privateKeyFile, boolean silent, Duration timeout, PrintWriter out) {
    return secretData(url, privateKeyFile, KeyAlgorithm.DEFAULT, silent, timeout, out);
  }

  static Map<String, byte[]> secretData(
      URI url,
      Path privateKeyFile,
      KeyAlgorithm algorithm,
      boolean silent,
      Duration timeout,
      PrintWriter out) {
    return secretData(
        url, new Options(privateKeyFile, "", algorithm, List.of(), silent, timeout), out);
  }

  /**
   * The Secret's SSH data for {@code url} (its host and port are scanned for {@code known_hosts}):
   * the key of the options' file (decrypted with its password), or one generated with their
   * algorithm, printed and (unless silent) confirmed by the user once registered.
   */
  static Map<String, byte[]> secretData(URI url, Options options, PrintWriter out) {
    if (url.getHost() == null || url.getHost().isEmpty()) {
      throw new IllegalArgumentException("invalid --url '" + url + "': no host");
    }
    Path privateKeyFile = options.privateKeyFile();
    KeyPair pair;
    String identity;
    if (privateKeyFile != null) {
      identity = readString(privateKeyFile);
      pair = parse(identity, privateKeyFile, options.password());
    } else {
      pair = generate(options.algorithm());
      identity = openSsh(pair);
    }
    String publicKey = PublicKeyEntry.toString(pair.getPublic());
    if (privateKeyFile == null) {
      out.println("► generating source secret");
      out.println("✔ public key: " + publicKey);
      if (!options.silent()) {
        out.print("Please give the key access to your repository: [y/N] ");
        out.flush();
        String answer = readLine();
        if (!answer.trim().equalsIgnoreCase("y")) {
          throw new IllegalStateException("aborting: the deploy key was not confirmed");
        }
      } else {
        out.println("► the key above must be registered as a deploy key with write access");
      }
      out.flush();
    }
    int port = url.getPort() < 0 ? 22 : url.getPort();
    String knownHosts =
        knownHosts(url.getHost(), port, options.timeout(), options.hostKeyAlgorithms());
    Map<String, byte[]> data = new LinkedHashMap<>();
    data.put("identity", identity.getBytes(StandardCharsets.UTF_8));
    data.put("identity.pub", (publicKey + "\n").getBytes(StandardCharsets.UTF_8));
    data.put("known_hosts", knownHosts.getBytes(StandardCharsets.UTF_8));
    if (privateKeyFile != null && !options.password().isEmpty()) {
      data.put("password", options.password().getBytes(StandardCharsets.UTF_8));
    }
    return data;
  }

  /** An ECDSA P-384 key pair, Flux's default ({@code --ssh-key-algorithm=ecdsa}, p384). */
  static KeyPair generate() {
    return generate(KeyAlgorithm.DEFAULT);
  }

  /** A key pair of {@code algorithm}, as Flux's {@code sourcesecret} generates it. */
  static KeyPair generate(KeyAlgorithm algorithm) {
    try {
      KeyPairGenerator generator;
      switch (algorithm.algorithm()) {
        case "rsa" -> {
          generator = KeyPairGenerator.getInstance("RSA");
          generator.initialize(algorithm.rsaBits());
        }
        case "ed25519" -> {
          // MINA SSHD's EdDSA support (Bouncy Castle's Ed25519 when BC is registered): keys it can
          // write in OpenSSH format and authenticate with, unlike the JDK's EdEC keys
          if (!SecurityUtils.isEDDSACurveSupported()) {
            throw new IllegalStateException(
                "ed25519 keys need an EdDSA provider for Apache MINA SSHD (Bouncy Castle)");
          }
          return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        }
        default -> {
          generator = KeyPairGenerator.getInstance("EC");
          String curve =
              switch (algorithm.ecdsaCurve()) {
                case "p256" -> "secp256r1";
                case "p521" -> "secp521r1";
                default -> "secp384r1";
              };
          generator.initialize(new ECGenParameterSpec(curve));
        }
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("unable to generate a " + algorithm + " key", e);
    }
  }

  /** The private key in OpenSSH format, unencrypted. */
  static String openSsh(KeyPair pair) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "capstan", null, buffer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return buffer.toString(StandardCharsets.US_ASCII);
  }

  /**
   * The server's host key as a {@code known_hosts} line ({@code host} or {@code [host]:port}), read
   * during key exchange; no authentication is attempted.
   */
  static String knownHosts(String host, int port, Duration timeout) {
    return knownHosts(host, port, timeout, List.of());
  }

  /**
   * As above, offering the server only {@code algorithms} (Flux's {@code --ssh-hostkey-algos}, e.g.
   * {@code rsa-sha2-512}) as host key algorithms when not empty; an algorithm MINA SSHD does not
   * know is refused, a server with no key of those algorithms fails the scan.
   */
  static String knownHosts(String host, int port, Duration timeout, List<String> algorithms) {
    List<PublicKey> keys = new ArrayList<>();
    SshClient client = SshClient.setUpDefaultClient();
    if (!algorithms.isEmpty()) {
      List<NamedFactory<Signature>> factories = new ArrayList<>();
      for (String name : algorithms) {
        BuiltinSignatures signature = BuiltinSignatures.fromFactoryName(name.trim());
        if (signature == null || !signature.isSupported()) {
          throw new IllegalArgumentException(
              "invalid --ssh-hostkey-algos: unsupported host key algorithm '" + name + "'");
        }
        factories.add(signature);
      }
      client.setSignatureFactories(factories);
    }
    client.setServerKeyVerifier(
        (session, address, key) -> {
          keys.add(key);
          return true;
        });
    client.start();
    try (ClientSession session =
        client.connect("git", host, port).verify(timeout).getClientSession()) {
      session.waitFor(
          EnumSet.of(
              ClientSession.ClientSessionEvent.WAIT_AUTH, ClientSession.ClientSessionEvent.CLOSED),
          timeout);
    } catch (IOException e) {
      throw new IllegalStateException(
          "unable to scan the SSH host key of " + host + ":" + port + ": " + e.getMessage(), e);
    } finally {
      client.stop();
    }
    if (keys.isEmpty()) {
      throw new IllegalStateException(
          "no SSH host key received from "
              + host
              + ":"
              + port
              + (algorithms.isEmpty()
                  ? ""
                  : " with --ssh-hostkey-algos " + String.join(",", algorithms)));
    }
    String name = port == 22 ? host : "[" + host + "]:" + port;
    StringBuilder lines = new StringBuilder();
    for (PublicKey key : keys) {
      lines.append(name).append(' ').append(PublicKeyEntry.toString(key)).append('\n');
    }
    return lines.toString();
  }

  private static KeyPair parse(String identity, Path file, String password) {
    try {
      Iterable<KeyPair> pairs =
          SecurityUtils.loadKeyPairIdentities(
              null,
              NamedResource.ofName(file.getFileName().toString()),
              new java.io.ByteArrayInputStream(identity.getBytes(StandardCharsets.UTF_8)),
              password.isEmpty() ? FilePasswordProvider.EMPTY : FilePasswordProvider.of(password));
      if (pairs != null) {
        for (KeyPair p : pairs) {
          return p;
        }
      }
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException(
          "invalid --private-key-file "
              + file
              + (password.isEmpty()
                  ? ": not an unencrypted private key (pass the passphrase with --password)"
                  : ": cannot decrypt it with --password"),
          e);
    }
    throw new IllegalArgumentException("invalid --private-key-file " + file + ": no private key");
  }

  private static String readString(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("unable to read --private-key-file " + file, e);
    }
  }

  /**
   * One line of standard input, read byte by byte so that a later prompt still finds its answer (a
   * buffered reader would swallow it).
   */
  static String readLine() {
    try {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int b;
      while ((b = System.in.read()) >= 0 && b != '\n') {
        line.write(b);
      }
      return line.toString(StandardCharsets.UTF_8).replace("\r", "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
