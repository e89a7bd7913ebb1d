package io.capstan.image.automation.update;

import io.capstan.api.image.v1.ImagePolicy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Flux's {@code Setters} update strategy over a directory: every {@code *.yaml}, {@code *.yml} and
 * {@code Kustomization} file under the root that contains the token {@code "$imagepolicy"} is read
 * as YAML, each value marked with a setter comment ({@code # {"$imagepolicy": "ns:policy"}}, {@code
 * :tag}, {@code :name}, {@code :digest}) gets the value the policy selected, and only files with a
 * changed value are written back — changing exactly the bytes of the marked scalars.
 *
 * <p>Symbolic links are never followed (neither files nor directories, so nothing outside the tree
 * is read or written), {@code .git} directories are skipped, and a file that is not valid UTF-8 or
 * YAML is reported in {@link UpdateResult#problemFiles()} and left alone, as Flux does.
 *
 * <pre>{@code
 * UpdateResult result = new SetterUpdater(Setters.of(policies)).update(workTree.resolve("apps"));
 * if (!result.unresolvedMarkers().isEmpty()) { ... a marker names a policy that does not exist }
 * if (!result.isEmpty()) { ... commit result.changedFiles() }
 * }</pre>
 */
public final class SetterUpdater {

  /** Files without this token are not even parsed (Flux's screening). */
  public static final String TOKEN = "\"" + SetterMarker.SHORTHAND + "\"";

  private static final byte[] TOKEN_BYTES = TOKEN.getBytes(StandardCharsets.UTF_8);

  private final Setters setters;

  /** An updater applying {@code setters}. */
  public SetterUpdater(Setters setters) {
    this.setters = Objects.requireNonNull(setters, "setters");
  }

  /** An updater applying the setters of {@code policies} (see {@link Setters#of}). */
  public static SetterUpdater forPolicies(Collection<ImagePolicy> policies) {
    return new SetterUpdater(Setters.of(policies));
  }

  /**
   * Updates the files under {@code root} (a directory, or a single file) in place. Paths in the
   * result are relative to {@code root} (to its parent when it is a file), {@code /}-separated.
   */
  public UpdateResult update(Path root) throws IOException {
    Path base = Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS) ? root : root.getParent();
    UpdateResult.Builder result = UpdateResult.builder();
    for (Path file : candidates(root)) {
      String rel = relative(base, file);
      byte[] bytes = Files.readAllBytes(file);
      if (!contains(bytes, TOKEN_BYTES)) {
        continue;
      }
      Optional<String> text = decode(bytes);
      if (text.isEmpty()) {
        result.addProblemFile(rel);
        continue;
      }
      Optional<String> updated;
      try {
        updated = SetterFile.apply(rel, text.get(), setters, result);
      } catch (YamlEngineException e) {
        result.addProblemFile(rel);
        continue;
      }
      if (updated.isPresent()) {
        Files.write(
            file,
            updated.get().getBytes(StandardCharsets.UTF_8),
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING,
            LinkOption.NOFOLLOW_LINKS);
      }
    }
    return result.build();
  }

  /**
   * Resolves {@code .spec.update.path} inside {@code workTree} the way Flux's secure join does for
   * {@code ..}: it cannot climb above the work tree. A path whose real location (after symbolic
   * links) is outside the work tree is refused.
   *
   * @throws IOException if the path escapes the work tree through a symbolic link or is missing
   */
  public static Path resolveUpdatePath(Path workTree, String updatePath) throws IOException {
    Path root = workTree.toAbsolutePath().normalize();
    Path p = root;
    if (updatePath != null) {
      for (String part : updatePath.replace('\\', '/').split("/")) {
        if (part.isEmpty() || part.equals(".")) {
          continue;
        }
        if (part.equals("..")) {
          p = p.equals(root) ? root : p.getParent();
        } else {
          p = p.resolve(part);
        }
      }
    }
    Path real = p.toRealPath();
    if (!real.startsWith(root.toRealPath())) {
      throw new IOException(
          "update path '" + updatePath + "' resolves outside the repository (symbolic link)");
    }
    return real;
  }

  private static List<Path> candidates(Path root) throws IOException {
    List<Path> files = new ArrayList<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            return !dir.equals(root) && dir.getFileName().toString().equals(".git")
                ? FileVisitResult.SKIP_SUBTREE
                : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isRegularFile() && !attrs.isSymbolicLink() && isManifest(file)) {
              files.add(file);
            }
            return FileVisitResult.CONTINUE;
          }
        });
    files.sort(null);
    return files;
  }

  /**
   * Flux's file filter: extension {@code .yaml} or {@code .yml}, or named {@code Kustomization}.
   */
  static boolean isManifest(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".yaml") || name.endsWith(".yml") || name.equals("Kustomization");
  }

  private static String relative(Path base, Path file) {
    return base.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
  }

  private static Optional<String> decode(byte[] bytes) {
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
