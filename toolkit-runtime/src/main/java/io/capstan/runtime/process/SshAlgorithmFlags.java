package io.capstan.runtime.process;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Flux's {@code --ssh-kex-algos} and {@code --ssh-hostkey-algos}, shared by the controllers that
 * speak Git over SSH (source-controller and image-automation-controller in Flux): defined once so
 * that {@code capstan run} accepts them once for all of them. Empty lists mean the Git client's
 * defaults.
 */
public final class SshAlgorithmFlags {

  @Option(
      names = "--ssh-kex-algos",
      split = ",",
      description =
          "The list of key exchange algorithms to use for ssh connections, arranged from most"
              + " preferred to the least.")
  List<String> kexAlgorithms = new ArrayList<>();

  @Option(
      names = "--ssh-hostkey-algos",
      split = ",",
      description =
          "The list of hostkey algorithms to use for ssh connections, arranged from most preferred"
              + " to the least.")
  List<String> hostKeyAlgorithms = new ArrayList<>();

  /** {@code --ssh-kex-algos}, most preferred first, blanks dropped. */
  public List<String> kexAlgorithms() {
    return trimmed(kexAlgorithms);
  }

  /** {@code --ssh-hostkey-algos}, most preferred first, blanks dropped. */
  public List<String> hostKeyAlgorithms() {
    return trimmed(hostKeyAlgorithms);
  }

  private static List<String> trimmed(List<String> values) {
    return values == null
        ? List.of()
        : values.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
