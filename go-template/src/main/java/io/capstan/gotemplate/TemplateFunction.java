package io.capstan.gotemplate;

import java.util.List;

/**
 * A function callable from templates. Arguments are already evaluated (template values, see the
 * module README for the data model). Throwing aborts execution; the exception's message becomes the
 * Go-style error text {@code error calling NAME: MESSAGE}.
 */
@FunctionalInterface
public interface TemplateFunction {
  /** Calls the function. */
  Object call(CallContext ctx, List<Object> args) throws Exception;
}
