package io.capstan.git;

import java.time.OffsetDateTime;

/** A person and a moment recorded in a commit or tag: author, committer or tagger. */
public record GitIdentity(String name, String email, OffsetDateTime when) {}
