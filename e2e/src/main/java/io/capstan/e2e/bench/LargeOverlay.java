package io.capstan.e2e.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes a large three-level kustomize tree (bases → per-team overlays → one top overlay) for the
 * kustomize-engine benchmark. The output depends only on the seed and the sizes: same arguments,
 * same bytes.
 *
 * <p>Each of {@code teams} bases holds {@code appsPerTeam} apps of five objects (ServiceAccount,
 * Role, RoleBinding, Deployment, Service) plus a ConfigMap and a Secret generator; each team
 * overlay adds a name prefix, a namespace, labels, a label-selected strategic-merge patch, named
 * JSON 6902 patches and a merging ConfigMap generator; the top overlay adds a prefix, selector
 * labels, images, generators, a regex-targeted JSON 6902 patch and replacements.
 */
public final class LargeOverlay {
  private final int teams;
  private final int appsPerTeam;
  private final long seed;

  /** A tree of {@code teams × appsPerTeam × 5} resources plus generated objects. */
  public LargeOverlay(int teams, int appsPerTeam, long seed) {
    this.teams = teams;
    this.appsPerTeam = appsPerTeam;
    this.seed = seed;
  }

  /** Writes the tree under {@code root} and returns the top overlay directory to build. */
  public Path writeTo(Path root) throws IOException {
    Random random = new Random(seed);
    for (int t = 0; t < teams; t++) {
      writeBase(root.resolve("base/team-" + t), t, random);
      writeMid(root.resolve("mid/team-" + t), t, random);
    }
    Path top = root.resolve("top");
    writeTop(top);
    return top;
  }

  private void writeBase(Path dir, int team, Random random) throws IOException {
    StringBuilder apps = new StringBuilder();
    for (int i = 0; i < appsPerTeam; i++) {
      String app = "app-" + i;
      String tier = i % 3 == 0 ? "frontend" : "backend";
      int port = 8000 + random.nextInt(1000);
      apps.append("apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ")
          .append(app)
          .append("\n---\n");
      apps.append("apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: ")
          .append(app)
          .append("-reader\nrules:\n- apiGroups: [\"\"]\n  resources: [configmaps]\n")
          .append("  verbs: [get, list, watch]\n---\n");
      apps.append(
              "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: ")
          .append(app)
          .append("-reader\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n")
          .append("  name: ")
          .append(app)
          .append("-reader\nsubjects:\n- kind: ServiceAccount\n  name: ")
          .append(app)
          .append("\n---\n");
      apps.append("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ")
          .append(app)
          .append("\n  labels:\n    app: ")
          .append(app)
          .append("\n    tier: ")
          .append(tier)
          .append("\nspec:\n  replicas: ")
          .append(1 + random.nextInt(3))
          .append("\n  selector:\n    matchLabels:\n      app: ")
          .append(app)
          .append("\n  template:\n    metadata:\n      labels:\n        app: ")
          .append(app)
          .append("\n    spec:\n      serviceAccountName: ")
          .append(app)
          .append("\n      containers:\n      - name: main\n        image: example/app:1.")
          .append(random.nextInt(20))
          .append("\n        ports:\n        - containerPort: ")
          .append(port)
          .append("\n        env:\n        - name: DB_HOST\n          value: placeholder\n")
          .append("        - name: APP_NAME\n          value: ")
          .append(app)
          .append("\n        envFrom:\n        - configMapRef:\n            name: app-config\n")
          .append("        volumeMounts:\n        - name: creds\n          mountPath: /creds\n");
      if (i % 4 == 0) {
        apps.append("      - name: proxy\n        image: example/proxy:2.0\n");
      }
      apps.append("      volumes:\n      - name: creds\n        secret:\n")
          .append("          secretName: app-secret\n---\n");
      apps.append("apiVersion: v1\nkind: Service\nmetadata:\n  name: ")
          .append(app)
          .append("\nspec:\n  selector:\n    app: ")
          .append(app)
          .append("\n  ports:\n  - port: 80\n    targetPort: ")
          .append(port)
          .append("\n---\n");
    }
    write(dir.resolve("apps.yaml"), apps.toString());
    write(
        dir.resolve("kustomization.yaml"),
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
            + "resources:\n- apps.yaml\n"
            + "configMapGenerator:\n- name: app-config\n  literals:\n  - LOG_LEVEL=info\n"
            + "  - TEAM=team-"
            + team
            + "\n"
            + "secretGenerator:\n- name: app-secret\n  literals:\n  - password="
            + Long.toHexString(random.nextLong())
            + "\n");
  }

  private void writeMid(Path dir, int team, Random random) throws IOException {
    write(
        dir.resolve("frontend-resources.yaml"),
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: any\nspec:\n  replicas: 2\n"
            + "  template:\n    spec:\n      containers:\n      - name: main\n        resources:\n"
            + "          limits:\n            cpu: 500m\n            memory: 256Mi\n");
    StringBuilder patches = new StringBuilder();
    patches.append(
        "patches:\n- path: frontend-resources.yaml\n  target:\n    kind: Deployment\n"
            + "    labelSelector: tier=frontend\n");
    for (int k = 0; k < 5; k++) {
      int app = random.nextInt(appsPerTeam);
      patches
          .append("- target:\n    kind: Service\n    name: app-")
          .append(app)
          .append("\n  patch: |-\n    - op: add\n      path: /spec/type\n      value: NodePort\n");
    }
    write(
        dir.resolve("kustomization.yaml"),
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
            + "resources:\n- ../../base/team-"
            + team
            + "\nnamePrefix: team-"
            + team
            + "-\nnamespace: team-"
            + team
            + "\nlabels:\n- pairs:\n    team: team-"
            + team
            + "\n  includeTemplates: true\n"
            + patches
            + "configMapGenerator:\n- name: app-config\n  behavior: merge\n  literals:\n"
            + "  - REGION=region-"
            + team
            + "\n");
  }

  private void writeTop(Path dir) throws IOException {
    StringBuilder resources = new StringBuilder("resources:\n");
    for (int t = 0; t < teams; t++) {
      resources.append("- ../mid/team-").append(t).append('\n');
    }
    write(
        dir.resolve("kustomization.yaml"),
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
            + resources
            + "namePrefix: prod-\n"
            + "labels:\n- pairs:\n    env: prod\n  includeSelectors: true\n"
            + "images:\n- name: example/app\n  newName: registry.example.com/app\n"
            + "  newTag: 1.2.3\n"
            + "- name: example/proxy\n  digest: sha256:"
            + "4b825dc642cb6eb9a060e54bf8d69288fbee4904aaaaaaaaaaaaaaaaaaaaaaaa\n"
            + "configMapGenerator:\n- name: global-config\n  literals:\n"
            + "  - DB_HOST=db.prod.svc.cluster.local\n  - CLUSTER=prod-eu\n"
            + "secretGenerator:\n- name: registry-token\n  literals:\n  - token=t0k3n\n"
            + "patches:\n- target:\n    kind: Deployment\n    name: .*app-1[0-9]\n"
            + "  patch: |-\n    - op: add\n      path: /spec/template/metadata/annotations\n"
            + "      value:\n        canary: \"true\"\n"
            + "replacements:\n- source:\n    kind: ConfigMap\n    name: global-config\n"
            + "    fieldPath: data.DB_HOST\n  targets:\n  - select:\n      kind: Deployment\n"
            + "    fieldPaths:\n"
            + "    - spec.template.spec.containers.[name=main].env.[name=DB_HOST].value\n"
            + "- source:\n    kind: ConfigMap\n    name: global-config\n"
            + "    fieldPath: data.CLUSTER\n  targets:\n  - select:\n      kind: Service\n"
            + "    fieldPaths:\n    - metadata.annotations.cluster\n    options:\n"
            + "      create: true\n");
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
