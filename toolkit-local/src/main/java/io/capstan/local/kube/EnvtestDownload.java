package io.capstan.local.kube;

import io.fabric8.kubeapitest.binary.BinaryDownloader;
import io.fabric8.kubeapitest.binary.OSInfo;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * fabric8 kube-api-test's normal download of the envtest archive ({@code etcd}, {@code
 * kube-apiserver}, {@code kubectl}) — what a user with internet access gets. It is bounded by a
 * timeout because its HTTP calls have none, so an unreachable network cannot hang a test run.
 */
final class EnvtestDownload {

  private final Path directory;
  private final Duration timeout;

  /**
   * @param directory kube-api-test's own binary directory (it lays out {@code
   *     k8s/<version>-<os>-<arch>})
   * @param timeout how long the whole download may take before it is abandoned
   */
  EnvtestDownload(Path directory, Duration timeout) {
    this.directory = directory;
    this.timeout = timeout;
  }

  /**
   * Downloads (or finds already downloaded) the envtest binaries of a Kubernetes version.
   *
   * @return the directory holding {@code etcd} and {@code kube-apiserver}, or empty with the reason
   *     recorded in {@code failure} when the download failed or timed out
   */
  Optional<Path> fetch(String kubernetesVersion, StringBuilder failure) {
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "capstan-envtest-download");
              t.setDaemon(true);
              return t;
            });
    try {
      Future<File> download =
          executor.submit(
              () ->
                  new BinaryDownloader(directory.toString(), new OSInfo())
                      .download(kubernetesVersion));
      File dir = download.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return Optional.of(dir.toPath());
    } catch (TimeoutException e) {
      failure.append("envtest download did not finish within ").append(timeout);
      return Optional.empty();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      while (cause.getCause() != null && cause.getMessage() == null) {
        cause = cause.getCause();
      }
      failure.append("envtest download failed: ").append(cause);
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure.append("envtest download interrupted");
      return Optional.empty();
    } finally {
      executor.shutdownNow();
    }
  }
}
