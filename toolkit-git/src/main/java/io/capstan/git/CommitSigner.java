package io.capstan.git;

import org.eclipse.jgit.lib.Signer;

/**
 * A commit signer whose key is held in memory: OpenPGP ({@link OpenPgpCommitSigner}) or SSH ({@link
 * SshCommitSigner}). It plugs into JGit's {@link Signer} hook used by {@code CommitCommand}.
 */
public sealed interface CommitSigner extends Signer permits OpenPgpCommitSigner, SshCommitSigner {

  /** An armored signature over {@code payload} (the commit object without its signature). */
  String sign(byte[] payload);
}
