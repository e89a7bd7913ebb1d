package io.capstan.gotemplate;

import java.util.Objects;

/**
 * Options of a {@link TemplateSet}, mirroring Go's {@code Option("missingkey=...")} and {@code
 * Delims(left, right)}.
 */
public record TemplateOptions(MissingKey missingKey, String leftDelim, String rightDelim) {

  /** What a map lookup of a missing key yields (Go's {@code missingkey} option). */
  public enum MissingKey {
    /** Go's default: the zero "invalid" value, printed as {@code <no value>}. */
    DEFAULT,
    /** The zero value of the map's element type (for {@code map[string]interface{}}: nil). */
    ZERO,
    /** Execution stops with an error. */
    ERROR
  }

  /** Validates and normalises: empty delimiters mean Go's defaults. */
  public TemplateOptions {
    Objects.requireNonNull(missingKey, "missingKey");
    leftDelim = leftDelim == null || leftDelim.isEmpty() ? "{{" : leftDelim;
    rightDelim = rightDelim == null || rightDelim.isEmpty() ? "}}" : rightDelim;
  }

  /** Go's defaults: {@code missingkey=default}, delimiters <code>{{</code> and <code>}}</code>. */
  public static TemplateOptions defaults() {
    return new TemplateOptions(MissingKey.DEFAULT, "{{", "}}");
  }

  /** A copy with another missing-key behaviour. */
  public TemplateOptions withMissingKey(MissingKey mk) {
    return new TemplateOptions(mk, leftDelim, rightDelim);
  }
}
