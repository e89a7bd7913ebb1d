package io.capstan.api.image.v1;

/** The format of a commit signing key; an absent type means {@code gpg}. */
public enum SigningKeyType {
  gpg,
  ssh
}
