package io.capstan.helm.controller.values;

/**
 * A {@code valuesFrom} entry that cannot be resolved, with Flux's message: {@code could not resolve
 * [optional] KIND chart values reference 'NS/NAME' with key 'KEY': REASON}.
 */
public final class ValuesReferenceException extends Exception {

  private static final long serialVersionUID = 1L;

  ValuesReferenceException(
      String kind, String namespace, String name, String key, boolean optional, String reason) {
    super(message(kind, namespace, name, key, optional, reason));
  }

  private static String message(
      String kind, String namespace, String name, String key, boolean optional, String reason) {
    StringBuilder b = new StringBuilder("could not resolve");
    if (optional) {
      b.append(" optional");
    }
    if (kind != null && !kind.isEmpty()) {
      b.append(' ').append(kind);
    }
    b.append(" chart values reference '").append(namespace).append('/').append(name).append('\'');
    if (key != null && !key.isEmpty()) {
      b.append(" with key '").append(key).append('\'');
    }
    return b.append(": ").append(reason).toString();
  }
}
