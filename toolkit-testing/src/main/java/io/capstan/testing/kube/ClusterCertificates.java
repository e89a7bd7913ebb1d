package io.capstan.testing.kube;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * The PKI of one test control plane: a throw-away CA, the API server's serving certificate for
 * 127.0.0.1, client certificates in group {@code system:masters}, and the service-account signing
 * key. Keys are ECDSA P-256, which is quick to generate.
 */
final class ClusterCertificates {

  /** PEM text of a certificate and its PKCS#8 private key. */
  record Pem(String certificate, String privateKey) {}

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration VALIDITY = Duration.ofDays(365);

  private final KeyPair caKeys;
  private final X509Certificate caCertificate;

  private ClusterCertificates(KeyPair caKeys, X509Certificate caCertificate) {
    this.caKeys = caKeys;
    this.caCertificate = caCertificate;
  }

  /** Creates a new CA. */
  static ClusterCertificates newAuthority() {
    KeyPair keys = ecKeyPair();
    X500Name name = subject("capstan-test-ca", null);
    try {
      X509v3CertificateBuilder builder = builder(name, name, keys);
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      return new ClusterCertificates(keys, sign(builder, keys));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The CA certificate as PEM. */
  String caPem() {
    return pem(caCertificate);
  }

  /** A serving certificate valid for 127.0.0.1, localhost and the in-cluster service names. */
  Pem servingCertificate(List<String> ipAddresses, List<String> dnsNames) {
    GeneralName[] names = new GeneralName[ipAddresses.size() + dnsNames.size()];
    int i = 0;
    for (String ip : ipAddresses) {
      names[i++] = new GeneralName(GeneralName.iPAddress, ip);
    }
    for (String dns : dnsNames) {
      names[i++] = new GeneralName(GeneralName.dNSName, dns);
    }
    return issue(
        subject("kube-apiserver", null), KeyPurposeId.id_kp_serverAuth, new GeneralNames(names));
  }

  /** A client certificate for user {@code commonName} in {@code group}. */
  Pem clientCertificate(String commonName, String group) {
    return issue(subject(commonName, group), KeyPurposeId.id_kp_clientAuth, null);
  }

  /** A key pair for signing service-account tokens: PEM public key and PKCS#8 private key. */
  static Pem serviceAccountKey() {
    KeyPair keys = ecKeyPair();
    return new Pem(pem(keys.getPublic()), pkcs8(keys));
  }

  private Pem issue(X500Name subject, KeyPurposeId purpose, GeneralNames alternativeNames) {
    KeyPair keys = ecKeyPair();
    try {
      X509v3CertificateBuilder builder =
          builder(
              X500Name.getInstance(caCertificate.getSubjectX500Principal().getEncoded()),
              subject,
              keys);
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
      builder.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          extensions.createAuthorityKeyIdentifier(caCertificate));
      if (alternativeNames != null) {
        builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames);
      }
      // SEC 1 "EC PRIVATE KEY": read by Go, kubectl and fabric8's kubeconfig loader alike
      // (fabric8 assumes RSA for an unlabelled PKCS#8 key).
      return new Pem(pem(sign(builder, caKeys)), sec1(keys));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes {@code text} to {@code file} readable only by the owner where the file system allows.
   */
  static Path write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.US_ASCII);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static X500Name subject(String commonName, String organization) {
    X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
    if (organization != null) {
      name.addRDN(BCStyle.O, organization);
    }
    name.addRDN(BCStyle.CN, commonName);
    return name.build();
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(
        issuer,
        new BigInteger(64, RANDOM),
        Date.from(now.minus(Duration.ofHours(1))),
        Date.from(now.plus(VALIDITY)),
        subject,
        keys.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(
                  new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    } catch (OperatorCreationException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair ecKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The private key as SEC 1 {@code EC PRIVATE KEY} PEM with a named curve (Go insists). */
  private static String sec1(KeyPair keys) {
    try {
      PrivateKeyInfo info = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded());
      ECPrivateKey inner = ECPrivateKey.getInstance(info.parsePrivateKey());
      ECPrivateKey named =
          new ECPrivateKey(256, inner.getKey(), info.getPrivateKeyAlgorithm().getParameters());
      return pem(new PemObject("EC PRIVATE KEY", named.getEncoded()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String pkcs8(KeyPair keys) {
    try {
      return pem(new JcaPKCS8Generator(keys.getPrivate(), null).generate());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String pem(Object object) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
