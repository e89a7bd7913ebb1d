package io.capstan.kustomize.controller;

import io.capstan.api.kustomize.v1.Decryption;
import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.kustomize.controller.decryption.SopsDecryptionException;
import io.capstan.kustomize.controller.decryption.SopsDecryptor;
import io.capstan.kustomize.controller.decryption.SopsKeys;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads the keys of a Kustomization's {@code spec.decryption} the way Flux's {@code ImportKeys}
 * does: every entry of the {@code secretRef} Secret (in the Kustomization's namespace), or, when
 * there is none, the {@code *.agekey} entries of the controller-wide {@code --sops-age-secret}.
 */
final class DecryptionKeys {

  private DecryptionKeys() {}

  /**
   * The decryptor for {@code k}, or null when it has no {@code spec.decryption}.
   *
   * @param sopsAgeSecret {@code namespace/name} from {@code --sops-age-secret}, or null
   * @param decryptedValues receives each decrypted value (to redact it from messages)
   * @throws SopsDecryptionException Flux's messages: {@code secrets "name" not found}, "failed to
   *     import '...' data from sops decryption Secret '...': ..."
   */
  static SopsDecryptor decryptor(
      KubernetesClient client,
      Kustomization k,
      String sopsAgeSecret,
      Consumer<String> decryptedValues)
      throws SopsDecryptionException {
    Decryption decryption = k.getSpec().getDecryption();
    if (decryption == null) {
      return null;
    }
    SopsKeys keys = new SopsKeys();
    if (decryption.getSecretRef() != null && decryption.getSecretRef().getName() != null) {
      String namespace = k.getMetadata().getNamespace();
      String name = decryption.getSecretRef().getName();
      keys.importSecret(data(client, namespace, name), namespace + "/" + name);
    } else if (sopsAgeSecret != null && !sopsAgeSecret.isEmpty()) {
      int slash = sopsAgeSecret.indexOf('/');
      String namespace = sopsAgeSecret.substring(0, slash);
      String name = sopsAgeSecret.substring(slash + 1);
      Map<String, byte[]> ageOnly = new LinkedHashMap<>();
      data(client, namespace, name)
          .forEach(
              (key, value) -> {
                if (key.endsWith(SopsKeys.AGE_EXTENSION)) {
                  ageOnly.put(key, value);
                }
              });
      try {
        keys.importSecret(ageOnly, namespace + "/" + name);
      } catch (SopsDecryptionException e) {
        throw new SopsDecryptionException(
            e.getMessage().replace("sops decryption Secret", "sops SOPS age decryption Secret"), e);
      }
    }
    return new SopsDecryptor(keys, decryptedValues);
  }

  private static Map<String, byte[]> data(KubernetesClient client, String namespace, String name)
      throws SopsDecryptionException {
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null) {
      throw new SopsDecryptionException("secrets \"" + name + "\" not found");
    }
    Map<String, byte[]> data = new LinkedHashMap<>();
    if (secret.getData() != null) {
      secret.getData().forEach((key, value) -> data.put(key, Base64.getDecoder().decode(value)));
    }
    if (secret.getStringData() != null) {
      secret
          .getStringData()
          .forEach(
              (key, value) ->
                  data.put(key, value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
    return data;
  }
}
