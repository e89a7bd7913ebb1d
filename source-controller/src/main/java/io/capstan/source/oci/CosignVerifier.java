package io.capstan.source.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.oci.Descriptor;
import io.capstan.oci.ManifestResponse;
import io.capstan.oci.OciClient;
import io.capstan.oci.OciException;
import io.capstan.oci.OciReference;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Cosign key-based verification of an OCI artifact: the signature manifest is read from the tag
 * {@code sha256-<hex>.sig} of the same repository; each of its layers is a simple-signing payload
 * ({@code application/vnd.dev.cosign.simplesigning.v1+json}) whose signature is in the layer
 * annotation {@code dev.cosignproject.cosign/signature}. The artifact verifies when one payload is
 * signed by one of the trusted public keys (ECDSA, RSA or Ed25519 {@code PUBLIC KEY} PEM) and names
 * the artifact's manifest digest. Transparency-log (Rekor) entries are not checked.
 */
public final class CosignVerifier {

  /** Layer annotation holding the base64 signature. */
  public static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";

  /** Media type of a simple-signing payload layer. */
  public static final String PAYLOAD_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_PAYLOAD = 1 << 20;

  private final Map<String, PublicKey> keys;

  private CosignVerifier(Map<String, PublicKey> keys) {
    this.keys = keys;
  }

  /**
   * The trusted keys of a Secret: every entry whose name ends in {@code .pub}.
   *
   * @throws IllegalArgumentException when no key is present or one is not a public key PEM
   */
  public static CosignVerifier fromSecret(Map<String, byte[]> data) {
    Map<String, PublicKey> keys = new TreeMap<>();
    for (Map.Entry<String, byte[]> e : data.entrySet()) {
      if (e.getKey().endsWith(".pub")) {
        keys.put(e.getKey(), publicKey(e.getKey(), e.getValue()));
      }
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("no public keys ('*.pub') found in the secret");
    }
    return new CosignVerifier(keys);
  }

  /** The tag under which cosign stores the signature of {@code digest}. */
  public static String signatureTag(String digest) {
    return digest.replace(':', '-') + ".sig";
  }

  /**
   * Verifies the signature of {@code artifact} (a reference by digest).
   *
   * @return the name of the key that verified it
   * @throws SignatureException when no signature verifies (message without secrets)
   * @throws OciException when the registry cannot be read
   */
  public String verify(OciClient client, OciReference artifact)
      throws OciException, SignatureException {
    String digest = artifact.digest();
    ManifestResponse signatures;
    try {
      signatures = client.manifest(artifact.withTag(signatureTag(digest)));
    } catch (OciException.NotFound e) {
      throw new SignatureException("no signature found for digest " + digest);
    }
    List<String> problems = new ArrayList<>();
    for (Descriptor layer : signatures.manifest().layersOrEmpty()) {
      String sig =
          layer.annotations() == null ? null : layer.annotations().get(SIGNATURE_ANNOTATION);
      if (sig == null) {
        continue;
      }
      byte[] payload = client.blob(artifact, layer.digest(), MAX_PAYLOAD);
      byte[] signature;
      try {
        signature = Base64.getDecoder().decode(sig.trim());
      } catch (IllegalArgumentException e) {
        problems.add("signature annotation is not base64");
        continue;
      }
      for (Map.Entry<String, PublicKey> key : keys.entrySet()) {
        if (!signatureValid(key.getValue(), payload, signature)) {
          continue;
        }
        String signed = signedDigest(payload);
        if (!digest.equals(signed)) {
          problems.add("payload signed by '" + key.getKey() + "' names digest " + signed);
          continue;
        }
        return key.getKey();
      }
      problems.add("signature of layer " + layer.digest() + " matches no trusted key");
    }
    throw new SignatureException(
        "no matching signatures were found for digest "
            + digest
            + (problems.isEmpty() ? "" : ": " + String.join("; ", problems)));
  }

  private static String signedDigest(byte[] payload) {
    try {
      JsonNode json = JSON.readTree(payload);
      return json.path("critical").path("image").path("docker-manifest-digest").asText("");
    } catch (IOException e) {
      return "";
    }
  }

  private static boolean signatureValid(PublicKey key, byte[] payload, byte[] signature) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "EC", "ECDSA" -> "SHA256withECDSA";
          case "RSA" -> "SHA256withRSA";
          case "Ed25519", "EdDSA" -> "Ed25519";
          default -> null;
        };
    if (algorithm == null) {
      return false;
    }
    try {
      Signature s = Signature.getInstance(algorithm);
      s.initVerify(key);
      s.update(payload);
      return s.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static PublicKey publicKey(String name, byte[] pem) {
    try (PEMParser parser =
        new PEMParser(new StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
      Object o = parser.readObject();
      if (o instanceof SubjectPublicKeyInfo info) {
        return new JcaPEMKeyConverter().getPublicKey(info);
      }
    } catch (IOException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException("'" + name + "' is not a PEM public key");
  }

  /** No trusted signature verified. */
  public static final class SignatureException extends Exception {
    public SignatureException(String message) {
      super(message);
    }
  }
}
