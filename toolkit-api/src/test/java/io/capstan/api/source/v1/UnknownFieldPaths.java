package io.capstan.api.source.v1;

import io.capstan.api.meta.ExtensibleObject;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Lists where a deserialized object graph parked fields its model does not declare, as paths like
 * {@code spec.include[].futureField}. A declared field whose JSON name is misspelt in the model
 * shows up here too, which is what makes the round-trip tests meaningful.
 */
final class UnknownFieldPaths {

  private UnknownFieldPaths() {}

  static Set<String> of(Object root) {
    Set<String> out = new TreeSet<>();
    walk(root, "", out);
    return out;
  }

  private static void walk(Object value, String path, Set<String> out) {
    if (value instanceof List<?> list) {
      for (Object item : list) {
        walk(item, path + "[]", out);
      }
      return;
    }
    if (value == null || !value.getClass().getPackageName().startsWith("io.capstan.api")) {
      return;
    }
    if (value instanceof ExtensibleObject extensible) {
      extensible.additionalProperties().keySet().forEach(k -> out.add(join(path, k)));
    }
    for (Method getter : value.getClass().getMethods()) {
      if (isPropertyGetter(getter)) {
        walk(invoke(getter, value), join(path, propertyName(getter)), out);
      }
    }
  }

  private static boolean isPropertyGetter(Method m) {
    return m.getParameterCount() == 0
        && !Modifier.isStatic(m.getModifiers())
        && !m.isBridge()
        && m.getName().startsWith("get")
        && m.getName().length() > 3
        && m.getDeclaringClass() != Object.class;
  }

  private static String propertyName(Method getter) {
    String bare = getter.getName().substring(3);
    return Character.toLowerCase(bare.charAt(0)) + bare.substring(1);
  }

  private static Object invoke(Method getter, Object target) {
    try {
      return getter.invoke(target);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + getter, e);
    }
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}
