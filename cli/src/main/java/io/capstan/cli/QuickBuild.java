package io.capstan.cli;

import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Start-up (issue #19): runs {@code capstan build kustomization [DIR] [--load-restrictor V]}
 * without picocli, which builds a reflective model of the commands before parsing (~0.05 s of CPU
 * in a 0.1 s run). Only the plain forms are taken here: anything else (help, an unknown or repeated
 * option, an {@code @file} argument, {@code --}, a bad value) returns {@code -1} and goes through
 * picocli as before, so usage errors, help and their exit codes are picocli's. Output writers are
 * built as picocli builds them ({@code sun.stdout.encoding} or the default charset), so the bytes
 * printed are the same on both paths.
 */
final class QuickBuild {

  private QuickBuild() {}

  /** Exit status of the build, or {@code -1} when {@code args} need picocli. */
  static int run(String[] args) {
    return run(
        args, writer(System.out, "sun.stdout.encoding"), writer(System.err, "sun.stderr.encoding"));
  }

  /** The same, printing to {@code out} and {@code err}; nothing printed when it returns -1. */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    if (args.length < 2 || !args[0].equals("build") || !args[1].equals("kustomization")) {
      return -1;
    }
    String directory = null;
    String restrictor = null;
    for (int i = 2; i < args.length; i++) {
      String a = args[i];
      String value = null;
      if (a.equals("--load-restrictor") && i + 1 < args.length) {
        value = args[++i];
      } else if (a.startsWith("--load-restrictor=")) {
        value = a.substring("--load-restrictor=".length());
      } else if (directory == null && !a.isEmpty() && a.charAt(0) != '-' && a.charAt(0) != '@') {
        directory = a;
        continue;
      } else {
        return -1;
      }
      if (restrictor != null
          || !(value.equals("LoadRestrictionsRootOnly") || value.equals("LoadRestrictionsNone"))) {
        return -1;
      }
      restrictor = value;
    }
    Path path;
    try {
      path = Path.of(directory == null ? "." : directory);
    } catch (InvalidPathException e) {
      return -1;
    }
    return run(path, !"LoadRestrictionsNone".equals(restrictor), out, err);
  }

  /** The build, with the error handling of {@link Main}'s execution exception handler. */
  static int run(Path directory, boolean rootOnly, PrintWriter out, PrintWriter err) {
    try {
      return BuildCommand.KustomizationCommand.build(directory, rootOnly, out, err);
    } catch (RuntimeException e) {
      boolean explained =
          e instanceof IllegalArgumentException || e instanceof IllegalStateException;
      err.println("Error: " + (explained ? e.getMessage() : e.toString()));
      err.flush();
      return 1;
    }
  }

  /** The writer picocli would print to on {@code stream} (its encoding property, else default). */
  static PrintWriter writer(OutputStream stream, String encodingProperty) {
    String name = System.getProperty(encodingProperty);
    Charset charset = Charset.defaultCharset();
    if (name != null) {
      try {
        charset = Charset.forName("cp65001".equalsIgnoreCase(name) ? "UTF-8" : name);
      } catch (RuntimeException e) {
        charset = Charset.defaultCharset();
      }
    }
    return new PrintWriter(new BufferedWriter(new OutputStreamWriter(stream, charset)), true);
  }
}
