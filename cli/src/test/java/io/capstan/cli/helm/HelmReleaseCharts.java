package io.capstan.cli.helm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The chart of the build/diff tests: a Deployment, a Service (optional), a ConfigMap and a Secret
 * from values, a pre-install hook Job and a test Pod.
 */
final class HelmReleaseCharts {

  private HelmReleaseCharts() {}

  /** The chart's files under {@code prefix} ({@code ""} or {@code "web/"}). */
  static Map<String, String> files(String prefix, String version) {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(
        prefix + "Chart.yaml",
        "apiVersion: v2\nname: web\nversion: " + version + "\nappVersion: \"1.0\"\n");
    files.put(
        prefix + "values.yaml",
        """
        replicas: 1
        image: nginx:1.27
        greeting: hello
        color: blue
        password: chart-default
        service:
          enabled: true
        """);
    files.put(
        prefix + "templates/deployment.yaml",
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{ .Release.Name }}
          labels:
            chart-version: {{ .Chart.Version | quote }}
        spec:
          replicas: {{ .Values.replicas }}
          selector:
            matchLabels:
              app: {{ .Release.Name }}
          template:
            metadata:
              labels:
                app: {{ .Release.Name }}
            spec:
              containers:
                - name: web
                  image: {{ .Values.image }}
        """);
    files.put(
        prefix + "templates/service.yaml",
        """
        {{- if .Values.service.enabled }}
        apiVersion: v1
        kind: Service
        metadata:
          name: {{ .Release.Name }}
        spec:
          selector:
            app: {{ .Release.Name }}
          ports:
            - port: 80
        {{- end }}
        """);
    files.put(
        prefix + "templates/configmap.yaml",
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}-settings
        data:
          greeting: {{ .Values.greeting | quote }}
          color: {{ .Values.color | quote }}
        """);
    files.put(
        prefix + "templates/secret.yaml",
        """
        apiVersion: v1
        kind: Secret
        metadata:
          name: {{ .Release.Name }}-credentials
        data:
          password: {{ .Values.password | b64enc }}
        """);
    files.put(
        prefix + "templates/hook.yaml",
        """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: {{ .Release.Name }}-migrate
          annotations:
            helm.sh/hook: pre-install,pre-upgrade
            helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
        spec:
          template:
            spec:
              restartPolicy: Never
              containers:
                - name: migrate
                  image: busybox
        """);
    files.put(
        prefix + "templates/tests/ping.yaml",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: {{ .Release.Name }}-ping
          annotations:
            helm.sh/hook: test
        spec:
          restartPolicy: Never
          containers:
            - name: ping
              image: busybox
        """);
    return files;
  }

  /** Writes the chart into {@code dir}. */
  static Path write(Path dir, String version) throws IOException {
    for (Map.Entry<String, String> e : files("", version).entrySet()) {
      Path p = dir.resolve(e.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, e.getValue());
    }
    return dir;
  }
}
