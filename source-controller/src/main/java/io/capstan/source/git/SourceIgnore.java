package io.capstan.source.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.eclipse.jgit.ignore.FastIgnoreRule;

/**
 * Which files of a checkout go into the artifact, following Flux's rules for {@code .sourceignore}
 * files and {@code spec.ignore} (gitignore syntax):
 *
 * <ul>
 *   <li>Git metadata ({@code .git/}, {@code .gitignore}, {@code .gitmodules}, {@code
 *       .gitattributes}) is always excluded; so is a {@code .git} file (a submodule's link).
 *   <li>Without any {@code .sourceignore} pattern and without {@code spec.ignore}, Flux's default
 *       exclusions apply (images, archives, CI and tool configs).
 *   <li>Otherwise the defaults are replaced by the patterns of every {@code .sourceignore} (each
 *       scoped to its directory, parents before children), then those of {@code spec.ignore}.
 *   <li>The last matching pattern wins, and a pattern that matches a parent directory matches
 *       everything below it, so {@code /*} followed by {@code !/deploy} keeps {@code deploy/}.
 * </ul>
 *
 * <p>Paths are relative to the checkout root and use {@code /}. Instances are immutable.
 */
public final class SourceIgnore {

  /** The ignore file Flux reads in every directory. */
  public static final String IGNORE_FILE = ".sourceignore";

  /** Version-control files, always excluded. */
  public static final List<String> VCS_PATTERNS =
      List.of(".git/", ".gitignore", ".gitmodules", ".gitattributes");

  /** Flux's default exclusions, used only when no other pattern is given. */
  public static final List<String> DEFAULT_PATTERNS =
      List.of(
          "*.jpg",
          "*.jpeg",
          "*.gif",
          "*.png",
          "*.wmv",
          "*.flv",
          "*.tar.gz",
          "*.zip",
          ".github/",
          ".circleci/",
          ".travis.yml",
          ".gitlab-ci.yml",
          "appveyor.yml",
          ".drone.yml",
          "cloudbuild.yaml",
          "codeship-services.yml",
          "codeship-steps.yml",
          "**/.goreleaser.yml",
          "**/.sops.yaml",
          "**/.flux.yaml");

  private record Rule(String domain, FastIgnoreRule rule) {}

  private final List<Rule> rules;

  private SourceIgnore(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /**
   * The rules for a checkout: reads every {@code .sourceignore} under {@code root} (not inside
   * {@code .git}), then adds {@code specIgnore} (may be {@code null}).
   */
  public static SourceIgnore load(Path root, String specIgnore) throws IOException {
    List<Rule> patterns = new ArrayList<>();
    readTree(root, "", patterns);
    if (specIgnore != null) {
      patterns.addAll(parse(specIgnore, ""));
    }
    return withPatterns(patterns);
  }

  /** The rules for {@code spec.ignore} alone (no {@code .sourceignore} files). */
  public static SourceIgnore of(String specIgnore) {
    return withPatterns(specIgnore == null ? List.of() : parse(specIgnore, ""));
  }

  /**
   * Exactly the given pattern texts, in order (later ones win), without Flux's default exclusions:
   * the matcher of a Bucket, built from the bucket's {@code .sourceignore} and then {@code
   * spec.ignore} (either may be {@code null}).
   */
  public static SourceIgnore ofPatterns(String... texts) {
    List<Rule> all = new ArrayList<>();
    for (String text : texts) {
      if (text != null) {
        all.addAll(parse(text, ""));
      }
    }
    return new SourceIgnore(all);
  }

  private static SourceIgnore withPatterns(List<Rule> patterns) {
    List<Rule> all = new ArrayList<>();
    VCS_PATTERNS.forEach(p -> all.add(new Rule("", new FastIgnoreRule(p))));
    if (patterns.isEmpty()) {
      DEFAULT_PATTERNS.forEach(p -> all.add(new Rule("", new FastIgnoreRule(p))));
    } else {
      all.addAll(patterns);
    }
    return new SourceIgnore(all);
  }

  /**
   * Whether a path is excluded.
   *
   * @param relativePath path from the checkout root, {@code /}-separated, no leading {@code /}
   * @param directory whether the path is a directory
   */
  public boolean isIgnored(String relativePath, boolean directory) {
    String path = relativePath.replace('\\', '/');
    while (path.startsWith("./")) {
      path = path.substring(2);
    }
    if (path.equals(".git") || path.endsWith("/.git")) {
      return true;
    }
    for (int i = rules.size() - 1; i >= 0; i--) {
      Rule r = rules.get(i);
      String scoped = path;
      if (!r.domain.isEmpty()) {
        if (!path.startsWith(r.domain + "/")) {
          continue;
        }
        scoped = path.substring(r.domain.length() + 1);
      }
      if (r.rule.isMatch(scoped, directory, false)) {
        return r.rule.getResult();
      }
    }
    return false;
  }

  /** Whether a path is kept; see {@link #isIgnored}. */
  public boolean includes(String relativePath, boolean directory) {
    return !isIgnored(relativePath, directory);
  }

  /**
   * A filter over paths relative to {@code root} that is true for kept paths; whether a path is a
   * directory is read from the file system (without following symlinks).
   */
  public Predicate<Path> filter(Path root) {
    return relative ->
        includes(
            relative.toString(),
            Files.isDirectory(root.resolve(relative), java.nio.file.LinkOption.NOFOLLOW_LINKS));
  }

  private static void readTree(Path dir, String domain, List<Rule> out) throws IOException {
    Path file = dir.resolve(IGNORE_FILE);
    if (Files.isRegularFile(file)) {
      out.addAll(parse(Files.readString(file, StandardCharsets.UTF_8), domain));
    }
    List<Path> children;
    try (Stream<Path> s = Files.list(dir)) {
      children =
          s.filter(p -> Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
              .filter(p -> !p.getFileName().toString().equals(".git"))
              .sorted()
              .toList();
    }
    for (Path child : children) {
      String name = child.getFileName().toString();
      readTree(child, domain.isEmpty() ? name : domain + "/" + name, out);
    }
  }

  private static List<Rule> parse(String text, String domain) {
    List<Rule> out = new ArrayList<>();
    for (String line : text.split("\r?\n")) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      FastIgnoreRule rule = new FastIgnoreRule(line);
      if (!rule.isEmpty()) {
        out.add(new Rule(domain, rule));
      }
    }
    return out;
  }
}
