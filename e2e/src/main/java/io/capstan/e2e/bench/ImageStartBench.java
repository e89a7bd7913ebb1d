package io.capstan.e2e.bench;

import io.capstan.local.kube.CustomResourceDefinitions;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.runtime.artifact.FileTree;
import io.capstan.testing.git.GitHttpServer;
import io.capstan.testing.git.TestGitRepository;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue #19, the images' AppCDS archives: process start → first reconcile of the source- and
 * kustomize-controller <em>images</em>, each started as its container would be (its unpacked file
 * system as a chroot with its own /proc, user 65532, the image's entrypoint {@code java
 * -cp @/app/jib-classpath-file Main}, only the image's environment), against a real API server on
 * 127.0.0.1. Three JVM variants in {@code JAVA_TOOL_OPTIONS}: the shipped flags (with {@code
 * /app/capstan.jsa}), the same without the archive flag (the base JRE's default CDS archive of the
 * JDK classes), and with {@code -Xshare:off} (no CDS, as the images were before). Needs root
 * (chroot); {@code deploy/images/build-local.sh} unpacks the images and runs it.
 *
 * <p>Usage: {@code ImageStartBench ROOT SOURCE_ROOTFS KUSTOMIZE_ROOTFS [RUNS]}; prints one Markdown
 * row per variant and controller.
 */
public final class ImageStartBench {

  private ImageStartBench() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]).toAbsolutePath();
    Path sourceRootfs = Path.of(args[1]).toAbsolutePath();
    Path kcRootfs = Path.of(args[2]).toAbsolutePath();
    int runs = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    // the literal of deploy/'s ConfigMap (= the images' JAVA_TOOL_OPTIONS); MaxRAM stands for the
    // Deployments' 1Gi memory limit, which a chroot does not have
    List<String> shipped = new ArrayList<>(List.of("-XX:MaxRAM=1g"));
    Matcher m =
        Pattern.compile("- JAVA_TOOL_OPTIONS=(.*)")
            .matcher(Files.readString(root.resolve("deploy/kustomization.yaml")));
    if (!m.find()) {
      throw new IllegalStateException("no JAVA_TOOL_OPTIONS literal in deploy/kustomization.yaml");
    }
    shipped.addAll(List.of(m.group(1).trim().split("\\s+")));
    List<String> noArchive =
        shipped.stream().filter(f -> !f.startsWith("-XX:SharedArchiveFile=")).toList();
    List<String> off = new ArrayList<>(noArchive);
    off.replaceAll(f -> f.equals("-Xshare:auto") ? "-Xshare:off" : f);
    Path out = Files.createDirectories(root.resolve("e2e/target/bench"));
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      rows.addAll(run(root, out, sourceRootfs, kcRootfs, "AppCDS /app/capstan.jsa", shipped));
      rows.addAll(run(root, out, sourceRootfs, kcRootfs, "JDK default CDS only", noArchive));
      rows.addAll(run(root, out, sourceRootfs, kcRootfs, "no CDS (-Xshare:off)", off));
    }
    rows.forEach(System.out::println);
  }

  private static List<String> run(
      Path root, Path out, Path sourceRootfs, Path kcRootfs, String tag, List<String> jvm)
      throws Exception {
    Path tmp = Files.createTempDirectory("image-start");
    String fileTag = tag.replaceAll("[^a-zA-Z]+", "-");
    try (KubeControlPlane plane = KubeControlPlane.start(KubeControlPlane.Options.apiServer());
        TestGitRepository repo = TestGitRepository.create(tmp.resolve("fleet.git"));
        GitHttpServer git = GitHttpServer.builder().start()) {
      KubernetesClient client = plane.client();
      CustomResourceDefinitions.install(
          client,
          CustomResourceDefinitions.onClasspath(CustomResourceDefinitions.TOOLKIT_GROUP_SUFFIX),
          Duration.ofMinutes(1));
      repo.commit("main", "fleet", FleetFixture.files());
      git.serve("fleet", repo.repository());
      client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName("bench").endMetadata().build())
          .create();
      long sourceStart = System.nanoTime();
      try (MonitoredProcess source =
          inImage(
              sourceRootfs,
              plane.kubeconfig(),
              jvm,
              List.of(
                  "--concurrent=4",
                  "--storage-path=/tmp/storage",
                  "--storage-addr=127.0.0.1:0",
                  "--metrics-addr=127.0.0.1:0",
                  "--health-addr=127.0.0.1:0",
                  "--log-level=error"),
              out.resolve("image-source-controller-" + fileTag + ".log"))) {
        var gitRepos =
            client.genericKubernetesResources("source.toolkit.fluxcd.io/v1", "GitRepository");
        gitRepos
            .inNamespace("bench")
            .resource(FleetFixture.gitRepository("bench", git.url("fleet").toString()))
            .create();
        try {
          awaitReady(gitRepos.inNamespace("bench").withName("fleet"), source, 180);
        } catch (RuntimeException e) {
          killTree(source);
          throw e;
        }
        double sourceSeconds = (System.nanoTime() - sourceStart) / 1e9;
        double sourceCpu = cpuSeconds(source);
        var kustomizations =
            client.genericKubernetesResources("kustomize.toolkit.fluxcd.io/v1", "Kustomization");
        kustomizations
            .inNamespace("bench")
            .resource(FleetFixture.kustomization("bench", 0))
            .create();
        long start = System.nanoTime();
        try (MonitoredProcess kc =
            inImage(
                kcRootfs,
                plane.kubeconfig(),
                jvm,
                List.of("--metrics-addr=127.0.0.1:0", "--health-addr=127.0.0.1:0"),
                out.resolve("image-kustomize-controller-" + fileTag + ".log"))) {
          double seconds;
          double cpu;
          try {
            awaitReady(kustomizations.inNamespace("bench").withName("k0"), kc, 180);
            seconds = (System.nanoTime() - start) / 1e9;
            cpu = cpuSeconds(kc);
          } finally {
            killTree(kc);
            killTree(source);
          }
          String flags = String.join(" ", jvm);
          return List.of(
              String.format(
                  "| source-controller image: process start → first GitRepository Ready, %s |"
                      + " **%.1f s** | JVM CPU (user + sys) %.1f s; `JAVA_TOOL_OPTIONS=%s` |",
                  tag, sourceSeconds, sourceCpu, flags),
              String.format(
                  "| kustomize-controller image: process start → first Kustomization Ready, %s |"
                      + " **%.1f s** | JVM CPU (user + sys) %.1f s; `JAVA_TOOL_OPTIONS=%s` |",
                  tag, seconds, cpu, flags));
        }
      }
    } finally {
      FileTree.deleteIfExists(tmp);
    }
  }

  /**
   * Kills what runs under {@code process} (the JVM in the chroot: it changed its user, so {@code
   * unshare --kill-child} cannot reach it) before {@link MonitoredProcess#close()}.
   */
  private static void killTree(MonitoredProcess process) {
    ProcessHandle.of(Long.parseLong(process.pid()))
        .ifPresent(p -> p.descendants().forEach(ProcessHandle::destroyForcibly));
  }

  /**
   * The device nodes a container runtime gives every container: without /dev/urandom the JDK's
   * SecureRandom (TLS to the API server) falls back to its slow thread-timing seed generator.
   */
  static void devices(Path rootfs) throws Exception {
    Files.createDirectories(rootfs.resolve("dev"));
    for (String[] dev :
        List.of(
            new String[] {"null", "3"},
            new String[] {"zero", "5"},
            new String[] {"random", "8"},
            new String[] {"urandom", "9"})) {
      Path node = rootfs.resolve("dev").resolve(dev[0]);
      if (!Files.exists(node)) {
        Process p =
            new ProcessBuilder("mknod", "-m", "666", node.toString(), "c", "1", dev[1])
                .inheritIO()
                .start();
        if (p.waitFor() != 0) {
          throw new IllegalStateException("mknod " + node + " failed (needs root)");
        }
      }
    }
  }

  /** CPU seconds (user + sys, from /proc/<pid>/stat) of what runs under {@code process}. */
  private static double cpuSeconds(MonitoredProcess process) {
    return ProcessHandle.of(Long.parseLong(process.pid()))
        .map(
            p ->
                p.descendants()
                    .mapToDouble(
                        d -> {
                          try {
                            String stat =
                                Files.readString(Path.of("/proc", Long.toString(d.pid()), "stat"));
                            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                            // fields 14 and 15 (utime, stime) are 11 and 12 after the name
                            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
                          } catch (Exception e) {
                            return 0;
                          }
                        })
                    .sum())
        .orElse(0.0);
  }

  /** The image's entrypoint in a chroot of its file system, as user 65532, with {@code jvm}. */
  private static MonitoredProcess inImage(
      Path rootfs, Path kubeconfig, List<String> jvm, List<String> args, Path log)
      throws Exception {
    Path inside = rootfs.resolve("tmp/kubeconfig");
    Files.copy(kubeconfig, inside, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    inside.toFile().setReadable(true, false);
    Files.createDirectories(rootfs.resolve("proc"));
    devices(rootfs);
    String main = Files.readString(rootfs.resolve("app/jib-main-class-file")).trim();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "env",
                "-i",
                "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/opt/java/bin",
                "JAVA_TOOL_OPTIONS=" + String.join(" ", jvm),
                "MALLOC_ARENA_MAX=2",
                "KUBECONFIG=/tmp/kubeconfig",
                "unshare",
                "--mount",
                "--pid",
                "--fork",
                "--kill-child",
                "--mount-proc=" + rootfs.resolve("proc"),
                "chroot",
                "--userspec=65532:65532",
                rootfs.toString(),
                "java",
                "-cp",
                "@/app/jib-classpath-file",
                main));
    cmd.addAll(args);
    return MonitoredProcess.start(cmd, Map.of(), log);
  }

  private static void awaitReady(
      io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource> object,
      MonitoredProcess process,
      int seconds)
      throws Exception {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      GenericKubernetesResource current = object.get();
      if (current != null && FleetFixture.isReady(current)) {
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("the controller exited; see " + process.log());
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("not Ready within " + seconds + " s; see " + process.log());
  }
}
