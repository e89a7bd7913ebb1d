package io.capstan.api.image.v1;

/** The kinds of source an ImageUpdateAutomation can commit to. */
public enum SourceKind {
  GitRepository
}
