package io.capstan.kustomize.controller;

import io.capstan.kustomize.engine.Kustomizer;
import java.nio.file.Path;

/**
 * The training run of kustomize-controller's AppCDS archive (issue #19): builds {@code args[0]} (a
 * kustomization: the engine's classes, as a reconcile builds) and then runs toolkit-runtime's
 * {@link io.capstan.runtime.process.CdsTraining} for {@code args[1]} seconds with the remaining
 * flags. Run by the build with {@code -XX:DumpLoadedClassList}; never used at run time.
 */
public final class CdsTraining {

  private CdsTraining() {}

  /** {@code args}: kustomization directory, seconds, controller flags. */
  public static void main(String[] args) throws Exception {
    Kustomizer.render(Kustomizer.create().build(Path.of(args[0])));
    String[] rest = new String[args.length];
    rest[0] = Main.class.getName();
    System.arraycopy(args, 1, rest, 1, args.length - 1);
    io.capstan.runtime.process.CdsTraining.main(rest);
  }
}
