package io.capstan.git;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTag;

/**
 * Turns JGit objects into {@link Commit}/{@link AnnotatedTag}, splitting each raw object into its
 * signature and the exact bytes that signature covers.
 */
final class CommitReader {

  private static final String[] SIGNATURE_HEADERS = {"gpgsig", "gpgsig-sha256"};
  private static final String[] ARMOR_STARTS = {
    "-----BEGIN PGP SIGNATURE-----", "-----BEGIN SSH SIGNATURE-----"
  };

  private CommitReader() {}

  static Commit commit(RevCommit c, String reference, AnnotatedTag tag) {
    byte[] raw = c.getRawBuffer();
    String[] split = splitCommit(raw);
    return new Commit(
        c.getName(),
        reference,
        identity(c.getAuthorIdent()),
        identity(c.getCommitterIdent()),
        c.getFullMessage(),
        split[0],
        split[1].getBytes(StandardCharsets.ISO_8859_1),
        tag);
  }

  static AnnotatedTag tag(RevTag t) {
    byte[] raw = t.getRawBuffer();
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int start = -1;
    for (String armor : ARMOR_STARTS) {
      start = Math.max(start, text.lastIndexOf(armor));
    }
    String signature = null;
    String payload = text;
    if (start >= 0 && (start == 0 || text.charAt(start - 1) == '\n')) {
      signature = text.substring(start);
      payload = text.substring(0, start);
    }
    String message = t.getFullMessage();
    if (signature != null) {
      int inMessage = message.lastIndexOf(signature.substring(0, 30));
      if (inMessage >= 0) {
        message = message.substring(0, inMessage);
      }
    }
    return new AnnotatedTag(
        t.getName(),
        t.getTagName(),
        t.getTaggerIdent() == null ? null : identity(t.getTaggerIdent()),
        message,
        signature == null
            ? null
            : new String(signature.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8),
        payload.getBytes(StandardCharsets.ISO_8859_1));
  }

  /**
   * Splits a raw commit into {signature, payload}: the signature header's value (continuation lines
   * unfolded) and the commit without that header. Bytes are carried as ISO-8859-1 text so they
   * round-trip exactly.
   */
  static String[] splitCommit(byte[] raw) {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int headerEnd = text.indexOf("\n\n");
    if (headerEnd < 0) {
      headerEnd = text.length();
    }
    ByteArrayOutputStream payload = new ByteArrayOutputStream(raw.length);
    StringBuilder signature = null;
    int pos = 0;
    boolean inSignature = false;
    while (pos < headerEnd) {
      int eol = text.indexOf('\n', pos);
      if (eol < 0 || eol > headerEnd) {
        eol = headerEnd;
      }
      String line = text.substring(pos, eol);
      if (inSignature && line.startsWith(" ")) {
        signature.append('\n').append(line.substring(1));
      } else {
        inSignature = false;
        String header = signatureHeader(line);
        if (header != null && signature == null) {
          inSignature = true;
          signature = new StringBuilder(line.substring(header.length() + 1));
        } else {
          payload.writeBytes((line + "\n").getBytes(StandardCharsets.ISO_8859_1));
        }
      }
      pos = eol + 1;
    }
    if (headerEnd < text.length()) {
      payload.writeBytes(text.substring(headerEnd + 1).getBytes(StandardCharsets.ISO_8859_1));
    }
    String sig =
        signature == null
            ? null
            : new String(
                (signature + "\n").getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    return new String[] {sig, payload.toString(StandardCharsets.ISO_8859_1)};
  }

  private static String signatureHeader(String line) {
    for (String h : SIGNATURE_HEADERS) {
      if (line.startsWith(h + " ")) {
        return h;
      }
    }
    return null;
  }

  private static GitIdentity identity(PersonIdent p) {
    ZoneOffset offset = p.getZoneOffset();
    return new GitIdentity(
        p.getName(), p.getEmailAddress(), OffsetDateTime.ofInstant(p.getWhenAsInstant(), offset));
  }
}
