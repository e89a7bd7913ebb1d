package io.capstan.runtime.process;

import picocli.CommandLine.Option;

/**
 * {@code --watch-label-selector} (fluxcd/pkg/runtime's {@code WatchOptions}): the controller
 * watches and reconciles only the objects of its kinds whose labels match, for sharding across
 * controller instances. Listed by the controllers that honour it in their {@code sharedFlags()}.
 */
public final class WatchLabelFlags {

  @Option(
      names = "--watch-label-selector",
      defaultValue = "",
      description =
          "Watch for resources with matching labels e.g. 'sharding.fluxcd.io/shard=shard1'.")
  String watchLabelSelector;

  /** {@code --watch-label-selector}, trimmed; empty for all objects. */
  public String watchLabelSelector() {
    return watchLabelSelector == null ? "" : watchLabelSelector.trim();
  }
}
