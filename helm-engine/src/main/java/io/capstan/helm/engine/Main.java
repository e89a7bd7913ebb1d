package io.capstan.helm.engine;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code capstan-helm}: {@code template RELEASE CHART [flags]} and {@code package DIR [-d DEST]}.
 */
public final class Main {
  private Main() {}

  /** CLI entry point. */
  public static void main(String[] args) {
    // the schema validator logs through SLF4J; without a provider SLF4J would warn on stderr
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      System.setProperty("slf4j.internal.verbosity", "ERROR");
    }
    PrintStream out =
        new PrintStream(
            new java.io.FileOutputStream(java.io.FileDescriptor.out),
            false,
            StandardCharsets.UTF_8);
    int rc = run(args, out, System.err);
    out.flush();
    System.exit(rc);
  }

  /** Runs the CLI; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    try {
      if (args.length == 0) {
        err.println("Usage: capstan-helm template RELEASE CHART [flags] | package DIR [-d DEST]");
        return 1;
      }
      switch (args[0]) {
        case "template":
          out.print(template(Path.of(""), java.util.Arrays.copyOfRange(args, 1, args.length)));
          return 0;
        case "package":
          {
            String dir = null;
            String dest = ".";
            for (int i = 1; i < args.length; i++) {
              if (args[i].equals("-d") || args[i].equals("--destination")) {
                dest = args[++i];
              } else if (args[i].startsWith("--destination=")) {
                dest = args[i].substring("--destination=".length());
              } else {
                dir = args[i];
              }
            }
            if (dir == null) {
              throw new HelmException("need at least one argument, the path to the chart");
            }
            Path p = ChartPackager.pack(Path.of(dir), Path.of(dest));
            out.println("Successfully packaged chart and saved it to: " + p.toAbsolutePath());
            return 0;
          }
        default:
          err.println("Error: unknown command \"" + args[0] + "\" for \"capstan-helm\"");
          return 1;
      }
    } catch (HelmException e) {
      err.println("Error: " + e.getMessage());
      return 1;
    } catch (RuntimeException | StackOverflowError e) {
      err.println("Error: " + e);
      return 1;
    }
  }

  /** Runs {@code template} with relative paths resolved against {@code baseDir}. */
  public static String template(Path baseDir, String[] args) throws HelmException {
    List<String> positional = new ArrayList<>();
    ValueOverrides overrides = new ValueOverrides().baseDir(baseDir);
    String namespace = "default";
    List<String> showOnly = new ArrayList<>();
    boolean includeCrds = false;
    boolean skipTests = false;
    boolean noHooks = false;
    boolean isUpgrade = false;
    boolean skipSchema = false;
    String kubeVersion = null;
    List<String> apiVersions = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String name = a;
      String value = null;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        name = a.substring(0, eq);
        value = a.substring(eq + 1);
      }
      switch (name) {
        case "-n", "--namespace" -> namespace = value != null ? value : args[++i];
        case "-f", "--values" -> {
          for (String f : splitComma(value != null ? value : args[++i])) {
            overrides.valuesFile(Path.of(f));
          }
        }
        case "--set" -> overrides.set(value != null ? value : args[++i]);
        case "--set-string" -> overrides.setString(value != null ? value : args[++i]);
        case "--set-file" -> overrides.setFile(value != null ? value : args[++i]);
        case "--set-json" -> overrides.setJson(value != null ? value : args[++i]);
        case "--set-literal" -> overrides.setLiteral(value != null ? value : args[++i]);
        case "-s", "--show-only" -> showOnly.addAll(splitComma(value != null ? value : args[++i]));
        case "--include-crds" -> includeCrds = value == null || Boolean.parseBoolean(value);
        case "--skip-crds" -> {}
        case "--skip-tests" -> skipTests = value == null || Boolean.parseBoolean(value);
        case "--no-hooks" -> noHooks = value == null || Boolean.parseBoolean(value);
        case "--is-upgrade" -> isUpgrade = value == null || Boolean.parseBoolean(value);
        case "--skip-schema-validation" ->
            skipSchema = value == null || Boolean.parseBoolean(value);
        case "--kube-version" -> kubeVersion = value != null ? value : args[++i];
        case "-a", "--api-versions" ->
            apiVersions.addAll(splitComma(value != null ? value : args[++i]));
        default -> {
          if (a.startsWith("-") && a.length() > 1) {
            throw new HelmException("unknown flag: " + a);
          }
          positional.add(a);
        }
      }
    }
    if (positional.size() < 2) {
      throw new HelmException("\"helm template\" requires at least 1 argument");
    }
    Chart chart = ChartLoader.load(baseDir.resolve(positional.get(1)));
    RenderOptions options =
        RenderOptions.install(positional.get(0), namespace)
            .withUpgrade(isUpgrade)
            .withKubeVersion(kubeVersion)
            .withApiVersions(apiVersions)
            .withSkipSchemaValidation(skipSchema);
    if (kubeVersion != null) {
      Capabilities.normalizeKubeVersion(kubeVersion);
    }
    RenderedRelease r = HelmEngine.render(chart, overrides.merge(), options);
    String all = r.templateOutput(includeCrds, skipTests, noHooks);
    if (showOnly.isEmpty()) {
      return all;
    }
    return showOnly(all, showOnly);
  }

  private static final Pattern SOURCE = Pattern.compile("# Source: [^/]+/(.+)");

  static String showOnly(String all, List<String> showFiles) throws HelmException {
    List<String> docs = ManifestSorter.splitManifests(all);
    StringBuilder out = new StringBuilder();
    for (String f : showFiles) {
      boolean missing = true;
      for (String m : docs) {
        var matcher = SOURCE.matcher(m);
        if (!matcher.find()) {
          continue;
        }
        String manifestPath = matcher.group(1);
        if (!GoGlob.pathMatch(f, manifestPath)) {
          continue;
        }
        out.append("---\n").append(m).append('\n');
        missing = false;
      }
      if (missing) {
        throw new HelmException("could not find template " + f + " in chart");
      }
    }
    return out.toString();
  }

  private static List<String> splitComma(String s) {
    List<String> out = new ArrayList<>();
    for (String p : s.split(",")) {
      if (!p.isEmpty()) {
        out.add(p);
      }
    }
    return out;
  }
}
