package io.capstan.image.controller;

import io.capstan.runtime.process.Controller;
import io.capstan.runtime.process.ControllerContext;
import io.capstan.runtime.process.ControllerModule;
import io.capstan.runtime.process.DependencyFlags;
import io.capstan.runtime.process.ParsedFlags;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import picocli.CommandLine.Option;

/**
 * image-reflector-controller's flags and how they become {@link ImageReflectorOptions} and an
 * {@link ImageReflectorController}: the one options class shared by {@link Main} and {@code capstan
 * run}. {@code --requeue-dependency} is shared with other controllers ({@link DependencyFlags});
 * the process flags live in {@link io.capstan.runtime.process.ControllerFlags}.
 *
 * <p>Its own flag is Flux's {@code --storage-path} (default {@code /data}). source-controller has a
 * flag of the same name, and {@code capstan run} defines every flag once, so {@link
 * #underSharedStorage()} gives the module {@code capstan run} uses: it declares no flag of its own
 * and keeps its tags in {@code <storage-path>-image-reflector}, next to the directory of the one
 * {@code --storage-path} of the command ({@link #sharedStoragePath(Path)}). Not below it:
 * source-controller's artifact server serves every file under its storage path, and the tags of a
 * private registry must not be readable there.
 */
public final class ImageReflectorFlags implements ControllerModule<ImageReflectorOptions> {

  /** Appended to a shared {@code --storage-path}: the sibling directory of the scanned tags. */
  public static final String SHARED_STORAGE_SUFFIX = "-image-reflector";

  /** Flux's {@code --storage-path}, declared only by the standalone process. */
  static final class StorageFlag {
    @Option(
        names = "--storage-path",
        defaultValue = "/data",
        description =
            "Where the scanned tags are kept, one JSON file per ImageRepository"
                + " (default ${DEFAULT-VALUE}).")
    Path storagePath;
  }

  private final StorageFlag storageFlag;
  private Path sharedStoragePath = ImageReflectorOptions.DEFAULT_STORAGE_PATH;

  /** The module of the standalone process, with its own {@code --storage-path}. */
  public ImageReflectorFlags() {
    this(new StorageFlag());
  }

  private ImageReflectorFlags(StorageFlag storageFlag) {
    this.storageFlag = storageFlag;
  }

  /**
   * The module for a command that has another controller's {@code --storage-path} (as {@code
   * capstan run}): no flag of its own; tags in {@code <storage-path>-image-reflector}.
   */
  public static ImageReflectorFlags underSharedStorage() {
    return new ImageReflectorFlags(null);
  }

  /**
   * For {@link #underSharedStorage()}: the command's {@code --storage-path} (default {@code
   * /data}); the tags go to the sibling directory named with {@value #SHARED_STORAGE_SUFFIX}
   * appended ({@code /data-image-reflector}).
   *
   * @throws IllegalStateException on the standalone module, which has its own flag
   */
  public void sharedStoragePath(Path storagePath) {
    if (storageFlag != null) {
      throw new IllegalStateException("this module has its own --storage-path");
    }
    this.sharedStoragePath = Objects.requireNonNull(storagePath, "storagePath");
  }

  @Override
  public Object flags() {
    return storageFlag == null ? this : storageFlag;
  }

  @Override
  public String name() {
    return ImageReflectorController.NAME;
  }

  @Override
  public String description() {
    return "Capstan image-reflector-controller: scans image tags and selects by policy.";
  }

  @Override
  public List<Class<?>> sharedFlags() {
    return List.of(DependencyFlags.class);
  }

  @Override
  public ImageReflectorOptions options(ParsedFlags flags) {
    return ImageReflectorOptions.builder()
        .concurrent(flags.concurrent(ImageReflectorOptions.DEFAULT_CONCURRENT))
        .storagePath(
            storageFlag != null ? storageFlag.storagePath : sharedStorage(sharedStoragePath))
        .requeueDependency(flags.group(DependencyFlags.class).requeueDependency())
        .watchNamespaces(flags.watchNamespaces())
        .build();
  }

  /** {@code <storagePath>-image-reflector}: beside, not below, another controller's storage. */
  static Path sharedStorage(Path storagePath) {
    Path absolute = storagePath.toAbsolutePath().normalize();
    Path name = absolute.getFileName();
    return absolute.resolveSibling((name == null ? "" : name.toString()) + SHARED_STORAGE_SUFFIX);
  }

  @Override
  public Controller create(ImageReflectorOptions options, ControllerContext context) {
    return ImageReflectorController.builder()
        .options(options)
        .client(context.client())
        .meterRegistry(context.registry())
        .build();
  }
}
