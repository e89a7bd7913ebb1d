package io.capstan.gotemplate;

/**
 * Go's {@code fmt.Stringer}: a value whose {@code %v}, {@code %s}, {@code %q}, {@code %x} and
 * {@code %X} form (and so how a template prints it, and Sprig's {@code toString}) is {@link
 * #goString()}, at any depth inside maps and lists, as Go's {@code fmt} calls {@code String()}. A
 * {@link GoObject} that is also a {@code Map} or {@code List} still ranges and indexes as one.
 */
public interface GoStringer {
  /** The value's {@code String()}. */
  String goString();
}
