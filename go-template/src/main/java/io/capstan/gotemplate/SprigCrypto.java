package io.capstan.gotemplate;

import static io.capstan.gotemplate.Builtins.fixed;
import static io.capstan.gotemplate.Conv.intParam;
import static io.capstan.gotemplate.Conv.str;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
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
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Sprig's crypto functions through the JDK and Bouncy Castle. */
final class SprigCrypto {
  private SprigCrypto() {}

  /** Sprig's certificate struct: fields Cert and Key (PEM). */
  static final class Certificate implements GoObject {
    final String cert;
    final String key;

    Certificate(String cert, String key) {
      this.cert = cert;
      this.key = key;
    }

    @Override
    public Object field(String name) throws TemplateException {
      switch (name) {
        case "Cert":
          return cert;
        case "Key":
          return key;
        default:
          throw new NoSuchMemberException(name);
      }
    }

    @Override
    public String goTypeName() {
      return "sprig.certificate";
    }

    @Override
    public String toString() {
      return "{" + cert + " " + key + "}";
    }
  }

  static void register(Map<String, TemplateFunction> m) {
    m.put("genPrivateKey", fixed(1, (c, a) -> genPrivateKey(str(a.get(0)))));
    m.put("genCA", fixed(2, (c, a) -> genCA(str(a.get(0)), intParam(a.get(1)), null)));
    m.put(
        "genCAWithKey",
        fixed(3, (c, a) -> genCA(str(a.get(0)), intParam(a.get(1)), parseKey(str(a.get(2))))));
    m.put(
        "genSelfSignedCert",
        fixed(
            4,
            (c, a) -> genCert(str(a.get(0)), a.get(1), a.get(2), intParam(a.get(3)), null, null)));
    m.put(
        "genSelfSignedCertWithKey",
        fixed(
            5,
            (c, a) ->
                genCert(
                    str(a.get(0)),
                    a.get(1),
                    a.get(2),
                    intParam(a.get(3)),
                    null,
                    parseKey(str(a.get(4))))));
    m.put(
        "genSignedCert",
        fixed(
            5,
            (c, a) ->
                genCert(
                    str(a.get(0)), a.get(1), a.get(2), intParam(a.get(3)), ca(a.get(4)), null)));
    m.put(
        "genSignedCertWithKey",
        fixed(
            6,
            (c, a) ->
                genCert(
                    str(a.get(0)),
                    a.get(1),
                    a.get(2),
                    intParam(a.get(3)),
                    ca(a.get(4)),
                    parseKey(str(a.get(5))))));
    m.put(
        "buildCustomCert",
        fixed(
            2,
            (c, a) -> {
              String cert = new String(GoBase64.decode(str(a.get(0))), StandardCharsets.UTF_8);
              String key = new String(GoBase64.decode(str(a.get(1))), StandardCharsets.UTF_8);
              parseKey(key);
              return new Certificate(cert, key);
            }));
    m.put("htpasswd", fixed(2, (c, a) -> htpasswd(str(a.get(0)), str(a.get(1)))));
    m.put("bcrypt", fixed(1, (c, a) -> bcrypt(str(a.get(0)))));
    m.put(
        "derivePassword",
        fixed(
            5,
            (c, a) ->
                derivePassword(
                    Conv.toInt64(a.get(0)),
                    str(a.get(1)),
                    str(a.get(2)),
                    str(a.get(3)),
                    str(a.get(4)))));
    m.put("encryptAES", fixed(2, (c, a) -> encryptAes(str(a.get(0)), str(a.get(1)))));
    m.put("decryptAES", fixed(2, (c, a) -> decryptAes(str(a.get(0)), str(a.get(1)))));
    m.put(
        "randBytes",
        fixed(
            1,
            (c, a) -> {
              byte[] b = new byte[Math.max(0, intParam(a.get(0)))];
              SprigStrings.RANDOM.nextBytes(b);
              return Base64.getEncoder().encodeToString(b);
            }));
  }

  private static Certificate ca(Object o) {
    if (o instanceof Certificate) {
      return (Certificate) o;
    }
    throw Builtins.wrongType("sprig.certificate", o);
  }

  static String pem(String type, byte[] der) {
    String b64 = Base64.getEncoder().encodeToString(der);
    StringBuilder sb = new StringBuilder("-----BEGIN ").append(type).append("-----\n");
    for (int i = 0; i < b64.length(); i += 64) {
      sb.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
    }
    return sb.append("-----END ").append(type).append("-----\n").toString();
  }

  private static String keyPem(PrivateKey k) throws Exception {
    PrivateKeyInfo info = PrivateKeyInfo.getInstance(k.getEncoded());
    switch (k.getAlgorithm()) {
      case "RSA":
        return pem("RSA PRIVATE KEY", info.parsePrivateKey().toASN1Primitive().getEncoded());
      case "EC":
      case "ECDSA":
        return pem("EC PRIVATE KEY", info.parsePrivateKey().toASN1Primitive().getEncoded());
      case "DSA":
        {
          java.security.interfaces.DSAPrivateKey d = (java.security.interfaces.DSAPrivateKey) k;
          java.security.interfaces.DSAParams p = d.getParams();
          BigInteger y = p.getG().modPow(d.getX(), p.getP());
          org.bouncycastle.asn1.ASN1EncodableVector v =
              new org.bouncycastle.asn1.ASN1EncodableVector();
          v.add(new org.bouncycastle.asn1.ASN1Integer(0));
          v.add(new org.bouncycastle.asn1.ASN1Integer(p.getP()));
          v.add(new org.bouncycastle.asn1.ASN1Integer(p.getQ()));
          v.add(new org.bouncycastle.asn1.ASN1Integer(p.getG()));
          v.add(new org.bouncycastle.asn1.ASN1Integer(y));
          v.add(new org.bouncycastle.asn1.ASN1Integer(d.getX()));
          return pem("DSA PRIVATE KEY", new org.bouncycastle.asn1.DERSequence(v).getEncoded());
        }
      default:
        return pem("PRIVATE KEY", k.getEncoded());
    }
  }

  private static String genPrivateKey(String typ) throws Exception {
    KeyPairGenerator g;
    switch (typ) {
      case "":
      case "rsa":
        g = KeyPairGenerator.getInstance("RSA");
        g.initialize(4096, SprigStrings.RANDOM);
        break;
      case "dsa":
        g = KeyPairGenerator.getInstance("DSA");
        g.initialize(2048, SprigStrings.RANDOM);
        break;
      case "ecdsa":
        g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), SprigStrings.RANDOM);
        break;
      case "ed25519":
        g = KeyPairGenerator.getInstance("Ed25519");
        break;
      default:
        return "Unknown type " + typ;
    }
    return keyPem(g.generateKeyPair().getPrivate());
  }

  private static KeyPair parseKey(String pemText) throws Exception {
    try (PEMParser p = new PEMParser(new StringReader(pemText))) {
      Object o = p.readObject();
      JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
      if (o instanceof PEMKeyPair) {
        return conv.getKeyPair((PEMKeyPair) o);
      }
      if (o instanceof PrivateKeyInfo) {
        PrivateKey k = conv.getPrivateKey((PrivateKeyInfo) o);
        return new KeyPair(publicOf(k), k);
      }
    } catch (java.io.IOException | RuntimeException e) {
      throw new Exception("error parsing private key: " + e.getMessage());
    }
    throw new Exception("no PEM data found");
  }

  private static PublicKey publicOf(PrivateKey k) throws Exception {
    if (k instanceof java.security.interfaces.RSAPrivateCrtKey) {
      java.security.interfaces.RSAPrivateCrtKey r = (java.security.interfaces.RSAPrivateCrtKey) k;
      return java.security.KeyFactory.getInstance("RSA")
          .generatePublic(
              new java.security.spec.RSAPublicKeySpec(r.getModulus(), r.getPublicExponent()));
    }
    throw new Exception("unsupported private key type " + k.getAlgorithm());
  }

  private static KeyPair rsa2048() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048, SprigStrings.RANDOM);
    return g.generateKeyPair();
  }

  private static String signerAlg(PrivateKey k) {
    switch (k.getAlgorithm()) {
      case "EC":
      case "ECDSA":
        return "SHA256withECDSA";
      case "Ed25519":
      case "EdDSA":
        return "Ed25519";
      case "DSA":
        return "SHA256withDSA";
      default:
        return "SHA256withRSA";
    }
  }

  private static X500Name cnName(String cn) {
    X500NameBuilder b = new X500NameBuilder(BCStyle.INSTANCE);
    if (!cn.isEmpty()) {
      b.addRDN(BCStyle.CN, cn);
    }
    return b.build();
  }

  private static Certificate genCA(String cn, int days, KeyPair kp) throws Exception {
    if (kp == null) {
      kp = rsa2048();
    }
    X500Name name = cnName(cn);
    X509v3CertificateBuilder b = base(name, name, kp.getPublic(), days, null, null);
    b.addExtension(
        Extension.keyUsage,
        true,
        new KeyUsage(KeyUsage.keyEncipherment | KeyUsage.digitalSignature | KeyUsage.keyCertSign));
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    X509CertificateHolder h =
        b.build(new JcaContentSignerBuilder(signerAlg(kp.getPrivate())).build(kp.getPrivate()));
    return new Certificate(pem("CERTIFICATE", h.getEncoded()), keyPem(kp.getPrivate()));
  }

  private static X509v3CertificateBuilder base(
      X500Name issuer,
      X500Name subject,
      PublicKey pub,
      int days,
      List<String> ips,
      List<String> dns)
      throws Exception {
    BigInteger serial = new BigInteger(128, SprigStrings.RANDOM);
    long now = System.currentTimeMillis();
    X509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            issuer, serial, new Date(now), new Date(now + days * 86_400_000L), subject, pub);
    b.addExtension(
        Extension.extendedKeyUsage,
        false,
        new ExtendedKeyUsage(
            new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
    List<GeneralName> names = new ArrayList<>();
    if (dns != null) {
      for (String d : dns) {
        names.add(new GeneralName(GeneralName.dNSName, d));
      }
    }
    if (ips != null) {
      for (String ip : ips) {
        names.add(new GeneralName(GeneralName.iPAddress, ip));
      }
    }
    if (!names.isEmpty()) {
      b.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(names.toArray(new GeneralName[0])));
    }
    return b;
  }

  private static List<String> strings(Object o, String what) throws Exception {
    List<String> r = new ArrayList<>();
    if (o == null) {
      return r;
    }
    List<Object> l = Conv.list(o);
    if (l == null) {
      throw Builtins.wrongType("[]interface {}", o);
    }
    for (Object x : l) {
      if (!(x instanceof String)) {
        throw new Exception("error processing " + what + " list");
      }
      r.add((String) x);
    }
    return r;
  }

  private static Certificate genCert(
      String cn, Object ipsArg, Object dnsArg, int days, Certificate ca, KeyPair kp)
      throws Exception {
    List<String> ips = strings(ipsArg, "ip");
    for (String ip : ips) {
      if (!ip.matches("[0-9a-fA-F:.]+")) {
        throw new Exception("error parsing ip: " + ip);
      }
      InetAddress.getByName(ip);
    }
    List<String> dns = strings(dnsArg, "alternate dns");
    if (kp == null) {
      kp = rsa2048();
    }
    X500Name subject = cnName(cn);
    X500Name issuer = subject;
    PrivateKey signer = kp.getPrivate();
    if (ca != null) {
      try (PEMParser p = new PEMParser(new StringReader(ca.cert))) {
        Object o = p.readObject();
        if (!(o instanceof X509CertificateHolder)) {
          throw new Exception("error decoding cert: no PEM certificate");
        }
        issuer = ((X509CertificateHolder) o).getSubject();
      }
      signer = parseKey(ca.key).getPrivate();
    }
    X509v3CertificateBuilder b = base(issuer, subject, kp.getPublic(), days, ips, dns);
    b.addExtension(
        Extension.keyUsage,
        true,
        new KeyUsage(KeyUsage.keyEncipherment | KeyUsage.digitalSignature));
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    X509CertificateHolder h = b.build(new JcaContentSignerBuilder(signerAlg(signer)).build(signer));
    return new Certificate(pem("CERTIFICATE", h.getEncoded()), keyPem(kp.getPrivate()));
  }

  private static String bcrypt(String input) {
    byte[] salt = new byte[16];
    SprigStrings.RANDOM.nextBytes(salt);
    return OpenBSDBCrypt.generate("2a", input.getBytes(StandardCharsets.UTF_8), salt, 10);
  }

  private static String htpasswd(String user, String password) {
    if (user.contains(":")) {
      return "invalid username: " + user;
    }
    return user + ":" + bcrypt(password);
  }

  private static byte[] key32(String password) {
    byte[] key = new byte[32];
    byte[] p = password.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(p, 0, key, 0, Math.min(32, p.length));
    return key;
  }

  private static String encryptAes(String password, String plaintext) throws Exception {
    byte[] content = plaintext.getBytes(StandardCharsets.UTF_8);
    int padding = 16 - content.length % 16;
    byte[] padded = new byte[content.length + padding];
    System.arraycopy(content, 0, padded, 0, content.length);
    for (int i = content.length; i < padded.length; i++) {
      padded[i] = (byte) padding;
    }
    byte[] iv = new byte[16];
    SprigStrings.RANDOM.nextBytes(iv);
    Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
    c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key32(password), "AES"), new IvParameterSpec(iv));
    byte[] ct = c.doFinal(padded);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(iv);
    out.write(ct);
    return Base64.getEncoder().encodeToString(out.toByteArray());
  }

  private static String decryptAes(String password, String crypt64) throws Exception {
    byte[] crypt;
    try {
      crypt = GoBase64.decode(crypt64);
    } catch (GoBase64.CorruptInput e) {
      throw new Exception(e.getMessage());
    }
    if (crypt.length < 16 || crypt.length % 16 != 0) {
      throw new Exception("crypto/cipher: input not full blocks");
    }
    Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
    c.init(
        Cipher.DECRYPT_MODE,
        new SecretKeySpec(key32(password), "AES"),
        new IvParameterSpec(crypt, 0, 16));
    byte[] plain = c.doFinal(crypt, 16, crypt.length - 16);
    if (plain.length == 0) {
      return "";
    }
    int pad = plain[plain.length - 1] & 0xff;
    int n = Math.max(0, plain.length - pad);
    return new String(plain, 0, n, StandardCharsets.UTF_8);
  }

  private static final Map<Character, String> CHARS =
      Map.of(
          'V', "AEIOU",
          'C', "BCDFGHJKLMNPQRSTVWXYZ",
          'v', "aeiou",
          'c', "bcdfghjklmnpqrstvwxyz",
          'A', "AEIOUBCDFGHJKLMNPQRSTVWXYZ",
          'a', "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz",
          'n', "0123456789",
          'o', "@&%?,=[]_:-+*$#!'^~;()/.",
          'x', "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()");

  private static final Map<String, String[]> TEMPLATES =
      Map.of(
          "maximum", new String[] {"anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno"},
          "long",
              new String[] {
                "CvcvnoCvcvCvcv", "CvcvCvcvnoCvcv", "CvcvCvcvCvcvno", "CvccnoCvcvCvcv",
                "CvccCvcvnoCvcv", "CvccCvcvCvcvno", "CvcvnoCvccCvcv", "CvcvCvccnoCvcv",
                "CvcvCvccCvcvno", "CvcvnoCvcvCvcc", "CvcvCvcvnoCvcc", "CvcvCvcvCvccno",
                "CvccnoCvccCvcv", "CvccCvccnoCvcv", "CvccCvccCvcvno", "CvcvnoCvccCvcc",
                "CvcvCvccnoCvcc", "CvcvCvccCvccno", "CvccnoCvcvCvcc", "CvccCvcvnoCvcc",
                "CvccCvcvCvccno"
              },
          "medium", new String[] {"CvcnoCvc", "CvcCvcno"},
          "short", new String[] {"Cvcn"},
          "basic", new String[] {"aaanaaan", "aannaaan", "aaannaaa"},
          "pin", new String[] {"nnnn"});

  private static byte[] be32(long v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  private static String derivePassword(
      long counter, String type, String password, String user, String site) throws Exception {
    String[] templates = TEMPLATES.get(type);
    if (templates == null) {
      return "cannot find password template " + type;
    }
    byte[] seedPrefix = "com.lyndir.masterpassword".getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream salt = new ByteArrayOutputStream();
    salt.write(seedPrefix);
    byte[] u = user.getBytes(StandardCharsets.UTF_8);
    salt.write(be32(u.length));
    salt.write(u);
    byte[] key =
        SCrypt.generate(
            password.getBytes(StandardCharsets.UTF_8), salt.toByteArray(), 32768, 8, 2, 64);
    ByteArrayOutputStream msg = new ByteArrayOutputStream();
    msg.write(seedPrefix);
    byte[] s = site.getBytes(StandardCharsets.UTF_8);
    msg.write(be32(s.length));
    msg.write(s);
    msg.write(be32(counter));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    byte[] seed = mac.doFinal(msg.toByteArray());
    String temp = templates[(seed[0] & 0xff) % templates.length];
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < temp.length(); i++) {
      String pass = CHARS.get(temp.charAt(i));
      sb.append(pass.charAt((seed[i + 1] & 0xff) % pass.length()));
    }
    return sb.toString();
  }
}
