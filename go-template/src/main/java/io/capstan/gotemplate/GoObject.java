package io.capstan.gotemplate;

import java.util.List;

/**
 * A Java object exposing Go-like fields and methods to templates, e.g. {@code .Files.Get "x"} or
 * {@code .Capabilities.APIVersions.Has "v1"}. A name that is neither field nor method must throw
 * {@link NoSuchMemberException}.
 */
public interface GoObject {
  /** The value of field {@code name}; throws {@link NoSuchMemberException} if there is none. */
  Object field(String name) throws TemplateException;

  /** Whether {@code name} is a method (then {@link #method} is called, with arguments if any). */
  default boolean hasMethod(String name) {
    return false;
  }

  /** Calls method {@code name}. */
  default Object method(String name, List<Object> args) throws Exception {
    throw new NoSuchMemberException(name);
  }

  /** The Go type name shown by {@code %T}, {@code typeOf} and error messages. */
  default String goTypeName() {
    return "*" + getClass().getSimpleName();
  }

  /** Thrown by {@link #field}/{@link #method} for an unknown name. */
  final class NoSuchMemberException extends TemplateException {
    private static final long serialVersionUID = 1L;
    private final String member;

    /** An unknown field or method {@code member}. */
    public NoSuchMemberException(String member) {
      super("can't evaluate field " + member);
      this.member = member;
    }

    /** The unknown name. */
    public String member() {
      return member;
    }
  }
}
