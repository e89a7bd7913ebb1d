package io.capstan.runtime.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Cluster;
import io.fabric8.kubernetes.api.model.ExecConfig;
import io.fabric8.kubernetes.api.model.ExecEnvVar;
import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a kubeconfig's {@code user.exec} credential plugin the way client-go does (the {@code
 * client.authentication.k8s.io} ExecCredential protocol, {@code KUBERNETES_EXEC_INFO} in the
 * environment, non-interactive) and puts the token or client certificate it prints into a client
 * configuration. Only used with {@code --insecure-kubeconfig-exec}: the plugin is a program of the
 * tenant's choosing running in the controller.
 */
final class ExecCredentials {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long TIMEOUT_SECONDS = 60;

  private ExecCredentials() {}

  /**
   * Runs the plugin of {@code user} and sets the credentials it returns on {@code config}.
   *
   * @throws IllegalArgumentException when the plugin cannot run, fails, times out or prints no
   *     credentials (its output is never quoted: it holds secrets)
   */
  static void apply(Cluster cluster, AuthInfo user, Config config) {
    ExecConfig exec = user.getExec();
    if (exec.getCommand() == null || exec.getCommand().isBlank()) {
      throw new IllegalArgumentException("kubeconfig exec plugin has no command");
    }
    String apiVersion =
        exec.getApiVersion() == null ? "client.authentication.k8s.io/v1" : exec.getApiVersion();
    List<String> command = new ArrayList<>();
    command.add(exec.getCommand());
    if (exec.getArgs() != null) {
      command.addAll(exec.getArgs());
    }
    ProcessBuilder builder = new ProcessBuilder(command);
    if (exec.getEnv() != null) {
      for (ExecEnvVar env : exec.getEnv()) {
        builder.environment().put(env.getName(), env.getValue());
      }
    }
    builder.environment().put("KUBERNETES_EXEC_INFO", execInfo(apiVersion, cluster, exec));
    builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    String plugin = "kubeconfig exec plugin '" + exec.getCommand() + "'";
    byte[] output;
    try {
      Process process = builder.start();
      // read concurrently so a plugin that never closes its output still times out
      CompletableFuture<byte[]> stdout =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return process.getInputStream().readNBytes(1 << 20);
                } catch (IOException e) {
                  return new byte[0];
                }
              });
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalArgumentException(plugin + " timed out");
      }
      output = stdout.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (process.exitValue() != 0) {
        throw new IllegalArgumentException(plugin + " exited with status " + process.exitValue());
      }
    } catch (IOException | ExecutionException | TimeoutException e) {
      throw new IllegalArgumentException(plugin + " could not run: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalArgumentException(plugin + " was interrupted", e);
    }
    JsonNode status;
    try {
      status = JSON.readTree(new String(output, StandardCharsets.UTF_8)).path("status");
    } catch (IOException e) {
      throw new IllegalArgumentException(plugin + " printed no ExecCredential (invalid JSON)", e);
    }
    String token = status.path("token").asText("");
    String cert = status.path("clientCertificateData").asText("");
    String key = status.path("clientKeyData").asText("");
    if (!token.isEmpty()) {
      config.setOauthToken(token);
    } else if (!cert.isEmpty() && !key.isEmpty()) {
      // ExecCredential carries PEM text; fabric8 wants base64 of the PEM, as kubeconfig *-data.
      config.setClientCertData(base64(cert));
      config.setClientKeyData(base64(key));
    } else {
      throw new IllegalArgumentException(
          plugin + " returned neither a token nor a client certificate and key");
    }
  }

  private static String execInfo(String apiVersion, Cluster cluster, ExecConfig exec) {
    ObjectNode info = JSON.createObjectNode();
    info.put("apiVersion", apiVersion);
    info.put("kind", "ExecCredential");
    ObjectNode spec = info.putObject("spec");
    spec.put("interactive", false);
    if (Boolean.TRUE.equals(exec.getProvideClusterInfo())) {
      ObjectNode c = spec.putObject("cluster");
      c.put("server", cluster.getServer());
      if (cluster.getCertificateAuthorityData() != null) {
        c.put("certificate-authority-data", cluster.getCertificateAuthorityData());
      }
    }
    return info.toString();
  }

  private static String base64(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8));
  }
}
