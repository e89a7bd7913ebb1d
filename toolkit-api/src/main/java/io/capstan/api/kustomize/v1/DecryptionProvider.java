package io.capstan.api.kustomize.v1;

/** Engines that can decrypt Secrets before they are applied. */
public enum DecryptionProvider {
  /** Mozilla SOPS (OpenPGP, age and cloud KMS keys). */
  sops
}
